/**
 * True when a plain-letter shortcut must not fire: the key is being typed into a field, is part of
 * a modifier chord (Ctrl/Cmd/Alt), was already handled, or a modal dialog is open (it owns the keys).
 */
export function keyBelongsElsewhere(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return true;
  return isTyping(e.target) || document.querySelector("dialog[open]") !== null;
}

/** A text field, a select or an editable region: keys pressed there are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
}
