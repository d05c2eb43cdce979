import type { ApiKeyItem } from "../../../api-keys/list-keys";

export type ListKeysOutput = { items: ApiKeyItem[] };
