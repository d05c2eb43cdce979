"use client";

import { useRouter } from "next/navigation";
import { Dialog } from "~/components/ui/dialog";
import { useToast } from "~/components/ui/toast";
import type { CreateKind } from "./kinds";
import { CreateForm } from "./create-form";
import type { Pick } from "./specs";
import { CREATE_SPECS } from "./specs";

type Props = { kind: CreateKind | null; onClose: () => void; initialPick?: Pick };

/** The New menu's form in a dialog; once saved, the new record opens on its page, with its timeline. */
export function CreateDialog({ kind, onClose, initialPick }: Props) {
  const router = useRouter();
  const toast = useToast();
  const spec = kind ? CREATE_SPECS[kind] : null;
  return (
    <Dialog open={spec !== null} onClose={onClose} title={spec?.title ?? ""} size="wide">
      {spec ? (
        <CreateForm
          key={spec.kind}
          spec={spec}
          initialPick={initialPick}
          onCancel={onClose}
          onDone={(created) => {
            onClose();
            toast(spec.done);
            router.push(`/entities/${created.type}/${created.id}`);
          }}
        />
      ) : null}
    </Dialog>
  );
}
