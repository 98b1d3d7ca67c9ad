import { useSyncExternalStore } from 'react';

/**
 * Screen-wide review view state that several unrelated components read: "show authors" (the toggle lives in
 * the item's review panel, the tinting happens inside every text field) and the passage a comment points at.
 */
type Listener = () => void;
const listeners = new Set<Listener>();
let authorsMode = false;
let highlighted: { commentId: string; at: number } | null = null;

function emit() {
  for (const l of listeners) l();
}
function subscribe(l: Listener) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function setAuthorsMode(on: boolean): void {
  authorsMode = on;
  emit();
}
export function useAuthorsMode(): boolean {
  return useSyncExternalStore(subscribe, () => authorsMode);
}

export function setHighlightedComment(commentId: string | null): void {
  highlighted = commentId ? { commentId, at: Date.now() } : null;
  emit();
}
export function useHighlightedComment(): string | null {
  return useSyncExternalStore(subscribe, () => highlighted?.commentId ?? null);
}

/** A passage someone selected in a text field and wants to comment on (picked up by that item's comments panel). */
export interface PassageRequest {
  collection: string;
  id: string;
  field: string;
  start: number;
  end: number;
  quote: string;
}
const PASSAGE_EVENT = 'groundwork:comment-passage';
export function requestPassageComment(p: PassageRequest): void {
  window.dispatchEvent(new CustomEvent<PassageRequest>(PASSAGE_EVENT, { detail: p }));
}
export function onPassageRequest(fn: (p: PassageRequest) => void): () => void {
  const on = (e: Event) => fn((e as CustomEvent<PassageRequest>).detail);
  window.addEventListener(PASSAGE_EVENT, on);
  return () => window.removeEventListener(PASSAGE_EVENT, on);
}
