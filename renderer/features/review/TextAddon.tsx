import { useEffect, useLayoutEffect, useState, useSyncExternalStore, type RefObject } from 'react';
import * as Y from 'yjs';

const YMap = Y.Map;
import { textSpans } from '#core/review/attribution.ts';
import { registerCollabAddon } from '../../ui/CollabTextarea.tsx';
import { Icon } from '../../ui/icons.tsx';
import { formatDateTime } from './format.ts';
import { authorColour } from './people.ts';
import { fieldKey, locateText, registerTextarea } from './text-fields.ts';
import { requestPassageComment, useAuthorsMode } from './ui-state.ts';

/** People's names for the authors view, published by whichever editor is on screen (text fields do not know the team). */
let names: (id: string | undefined) => string = (id) => id ?? 'someone';
const nameListeners = new Set<() => void>();
export function publishAuthorNames(fn: (id: string | undefined) => string): void {
  names = fn;
  for (const l of nameListeners) l();
}
function useAuthorNames() {
  return useSyncExternalStore(
    (l) => {
      nameListeners.add(l);
      return () => nameListeners.delete(l);
    },
    () => names,
  );
}

/** Text present when the item was created carries no marks: it is the creator's. */
function creatorOf(text: Y.Text): { by: string; at?: string } | undefined {
  let m: unknown = text.parent;
  if (m instanceof YMap && m._item?.parentSub === 'answers') m = m.parent;
  if (!(m instanceof YMap)) return undefined;
  const by = m.get('createdBy');
  const at = m.get('createdAt');
  return typeof by === 'string' ? { by, at: typeof at === 'string' ? at : undefined } : undefined;
}

/** The text tinted by who wrote each span; hovering a span says who and when. */
function AuthoredText({ text }: { text: Y.Text }) {
  const who = useAuthorNames();
  const [, force] = useState(0);
  useEffect(() => {
    const on = () => force((n) => n + 1);
    text.observe(on);
    return () => text.unobserve(on);
  }, [text]);
  const spans = textSpans(text, creatorOf(text));
  return (
    <div className="authored-text" data-testid="authored-text" tabIndex={0} role="document" aria-label="Text coloured by author">
      {spans.length === 0 || (spans.length === 1 && !spans[0]!.text) ? (
        <span className="muted">Empty</span>
      ) : (
        spans.map((s, i) => (
          <span
            key={i}
            className={s.by ? `authored author-${authorColour(s.by)}` : 'authored authored-unknown'}
            title={s.by ? `${who(s.by)}${s.at ? ` · ${formatDateTime(s.at)}` : ''}` : 'Written before authorship was recorded'}
            data-author={s.by ? who(s.by) : undefined}
          >
            {s.text}
          </span>
        ))
      )}
    </div>
  );
}

/**
 * Drawn next to every shared text field: "Comment on selection" while text is selected, and the authors
 * view when "Show authors" is on (the textarea is hidden meanwhile, not replaced, so its caret and undo stay).
 */
function ReviewTextAddon({ text, textarea }: { text: Y.Text; textarea: RefObject<HTMLTextAreaElement | null> }) {
  const authors = useAuthorsMode();
  const [selection, setSelection] = useState<{ start: number; end: number; top: number; left: number } | null>(null);
  const where = locateText(text);
  const key = where ? fieldKey(where) : null;

  useEffect(() => {
    const el = textarea.current;
    if (!el || !key) return;
    return registerTextarea(key, el);
  }, [textarea, key]);

  useLayoutEffect(() => {
    const el = textarea.current;
    if (!el) return;
    if (authors) el.dataset.authorsHidden = 'true';
    else delete el.dataset.authorsHidden;
  }, [authors, textarea]);

  useEffect(() => {
    const el = textarea.current;
    if (!el || !where) return;
    const update = () => {
      if (document.activeElement !== el || el.selectionStart === el.selectionEnd) {
        setSelection(null);
        return;
      }
      const r = el.getBoundingClientRect();
      setSelection({ start: el.selectionStart, end: el.selectionEnd, top: r.bottom + 4, left: r.right });
    };
    const hide = (e: FocusEvent) => {
      if ((e.relatedTarget as HTMLElement | null)?.dataset.commentSelection) return;
      setSelection(null);
    };
    el.addEventListener('select', update);
    el.addEventListener('mouseup', update);
    el.addEventListener('keyup', update);
    el.addEventListener('blur', hide);
    window.addEventListener('scroll', update, true);
    return () => {
      el.removeEventListener('select', update);
      el.removeEventListener('mouseup', update);
      el.removeEventListener('keyup', update);
      el.removeEventListener('blur', hide);
      window.removeEventListener('scroll', update, true);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `where` is derived from `text`
  }, [textarea, text]);

  if (!where) return null;
  return (
    <>
      {authors && <AuthoredText text={text} />}
      {selection && !authors && (
        <button
          type="button"
          className="btn btn-sm comment-selection"
          style={{ top: selection.top, left: selection.left }}
          data-comment-selection="true"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            const value = text.toString();
            const quote = value.slice(selection.start, selection.end).trim().slice(0, 280);
            requestPassageComment({ ...where, start: selection.start, end: selection.end, quote });
            setSelection(null);
          }}
          data-testid="comment-on-selection"
        >
          <Icon name="plus" size={14} /> Comment on selection
        </button>
      )}
    </>
  );
}

let installed = false;
/** Called once at start-up (Shell): text fields then offer passage comments and the authors view. */
export function installReviewTextAddon(): void {
  if (installed) return;
  installed = true;
  registerCollabAddon(ReviewTextAddon);
}
