import { useState } from 'react';
import type { Question } from '#core/schemas/index.ts';
import { Icon } from '../../ui/icons.tsx';

/**
 * How a question will look on a visit form. It works (you can click a rating) but saves nothing, and it
 * is inert to the keyboard so tabbing through the editor does not wander into it.
 */
export function QuestionPreview({ q }: { q: Question }) {
  const [value, setValue] = useState<string | number | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <div className="qp">
      <div className="qp-label">
        {q.label || <span className="muted">Question without a label</span>}
        {q.required && (
          <span className="req" aria-hidden="true">
            *
          </span>
        )}
      </div>
      {q.help && <p className="field-hint qp-help">{q.help}</p>}
      <div className="qp-control">
        {q.kind === 'rating' && (
          <div className="stack" style={{ gap: 4 }}>
            <div className="segmented">
              {[1, 2, 3, 4, 5].map((n) => (
                <button key={n} type="button" tabIndex={-1} aria-pressed={value === n} onClick={() => setValue(value === n ? null : n)}>
                  {n}
                </button>
              ))}
            </div>
            {(q.lowLabel || q.highLabel) && (
              <div className="qp-scale">
                <span>1 · {q.lowLabel || '—'}</span>
                <span>5 · {q.highLabel || '—'}</span>
              </div>
            )}
          </div>
        )}
        {q.kind === 'yesno' && (
          <div className="segmented">
            {['Yes', 'No', 'N.A.'].map((o) => (
              <button key={o} type="button" tabIndex={-1} aria-pressed={value === o} onClick={() => setValue(value === o ? null : o)}>
                {o}
              </button>
            ))}
          </div>
        )}
        {q.kind === 'number' && (
          <div className="row">
            <input
              className="input qp-number"
              type="number"
              tabIndex={-1}
              min={q.min}
              max={q.max}
              placeholder={q.min !== undefined && q.max !== undefined ? `${q.min} – ${q.max}` : ''}
              aria-label="Preview value"
            />
            {q.unit && <span className="muted">{q.unit}</span>}
          </div>
        )}
        {(q.kind === 'single' || q.kind === 'multiple') && (
          <div className="stack qp-options" style={{ gap: 4 }}>
            {q.options.map((o, i) => (
              <label key={i} className="checkbox">
                <input
                  type={q.kind === 'single' ? 'radio' : 'checkbox'}
                  tabIndex={-1}
                  name={`qp-${q.id}`}
                  checked={q.kind === 'single' ? value === o : picked.includes(o)}
                  onChange={() => (q.kind === 'single' ? setValue(o) : setPicked((p) => (p.includes(o) ? p.filter((x) => x !== o) : [...p, o])))}
                />
                {o || <span className="muted">Empty option</span>}
              </label>
            ))}
          </div>
        )}
        {q.kind === 'text' && <textarea className="textarea" tabIndex={-1} rows={3} placeholder={q.placeholder ?? ''} aria-label="Preview answer" />}
        {q.kind === 'photo' && (
          <div className="qp-photo">
            <Icon name="camera" size={20} />
            <span>Add photos with captions</span>
          </div>
        )}
      </div>
    </div>
  );
}
