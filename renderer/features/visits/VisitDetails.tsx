import { useEffect, useRef, useState } from 'react';
import { updateEntity } from '#core/model/write.ts';
import { readEntity } from '#core/model/read.ts';
import type { Location } from '#core/schemas/index.ts';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { errorText, SyncedInput } from './shared.tsx';

function parseCoord(s: string, limit: number): number | null | 'bad' {
  const t = s.trim().replace(',', '.');
  if (!t) return null;
  const n = Number(t);
  if (!Number.isFinite(n) || Math.abs(n) > limit) return 'bad';
  return n;
}

const GEO_ERRORS: Record<number, string> = {
  1: 'Location permission was refused. Allow location access for Groundwork in your system settings, or type the coordinates below.',
  2: 'Your position is not available right now (no GPS or network fix). Try again outside, or type the coordinates below.',
  3: 'Finding your position took too long. Try again, or type the coordinates below.',
};

/** Address, GPS or typed coordinates. Every change is written straight away. */
export function LocationFields({ session, visitId, location }: { session: EngagementSession; visitId: string; location: Location }) {
  const toast = useToast();
  const [geo, setGeo] = useState<{ state: 'idle' | 'locating' } | { state: 'error'; message: string }>({ state: 'idle' });
  const [lat, setLat] = useState(location.lat !== undefined ? String(location.lat) : '');
  const [lng, setLng] = useState(location.lng !== undefined ? String(location.lng) : '');
  const [touched, setTouched] = useState(false);
  const editing = useRef(false);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  useEffect(() => {
    if (editing.current) return;
    setLat(location.lat !== undefined ? String(location.lat) : '');
    setLng(location.lng !== undefined ? String(location.lng) : '');
  }, [location.lat, location.lng]);

  const write = (patch: Partial<Location>) => {
    try {
      const current = readEntity(session.doc, 'visits', visitId);
      const next: Location = { ...(current?.ok ? current.value.location : location), ...patch };
      for (const k of Object.keys(next) as (keyof Location)[]) if (next[k] === undefined) delete next[k];
      updateEntity(session.doc, session.ctx, 'visits', visitId, { location: next });
    } catch (err) {
      toast({ tone: 'error', message: errorText(err) });
    }
  };

  const pLat = parseCoord(lat, 90);
  const pLng = parseCoord(lng, 180);
  const latError = pLat === 'bad' ? 'Latitude is a number between -90 and 90.' : pLat === null && pLng !== null ? 'Add the latitude too.' : null;
  const lngError = pLng === 'bad' ? 'Longitude is a number between -180 and 180.' : pLng === null && pLat !== null ? 'Add the longitude too.' : null;

  const commitTyped = (nextLat: string, nextLng: string) => {
    const a = parseCoord(nextLat, 90);
    const b = parseCoord(nextLng, 180);
    if (a === null && b === null) {
      if (location.lat !== undefined || location.lng !== undefined) write({ lat: undefined, lng: undefined, source: undefined, accuracyM: undefined });
      return;
    }
    if (typeof a === 'number' && typeof b === 'number' && (a !== location.lat || b !== location.lng)) {
      write({ lat: a, lng: b, source: 'typed', accuracyM: undefined });
      setGeo({ state: 'idle' });
    }
  };

  const locate = () => {
    if (!('geolocation' in navigator) || !navigator.geolocation) {
      setGeo({ state: 'error', message: 'This computer cannot tell its position (no location service). Type the coordinates below instead.' });
      return;
    }
    setGeo({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        if (!live.current) return;
        const la = Math.round(pos.coords.latitude * 1e6) / 1e6;
        const ln = Math.round(pos.coords.longitude * 1e6) / 1e6;
        write({ lat: la, lng: ln, source: 'gps', accuracyM: Number.isFinite(pos.coords.accuracy) ? Math.round(pos.coords.accuracy) : undefined });
        editing.current = false;
        setLat(String(la));
        setLng(String(ln));
        setGeo({ state: 'idle' });
        toast({ message: `Position recorded${Number.isFinite(pos.coords.accuracy) ? ` (within about ${Math.round(pos.coords.accuracy)} m)` : ''}.` });
      },
      (err) => {
        if (!live.current) return;
        setGeo({ state: 'error', message: GEO_ERRORS[err.code] ?? `Your position could not be found: ${err.message}` });
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  };

  const hasCoords = location.lat !== undefined && location.lng !== undefined;
  return (
    <div className="stack visit-location">
      <Field label="Address">
        {(p) => (
          <SyncedInput
            {...p}
            className="input"
            value={location.address}
            placeholder="Street, block or landmark"
            maxLength={300}
            onCommit={(address) => write({ address })}
            data-testid="visit-address"
          />
        )}
      </Field>
      <div className="row visit-gps">
        <Button size="sm" icon="pin" onClick={locate} disabled={geo.state === 'locating'} data-testid="use-my-location">
          {geo.state === 'locating' ? 'Finding your position…' : 'Use my location'}
        </Button>
        {hasCoords && (
          <span className="muted visit-coords-source">
            {location.source === 'gps' ? `From GPS${location.accuracyM !== undefined ? ` · ±${location.accuracyM} m` : ''}` : 'Typed by hand'}
          </span>
        )}
      </div>
      {geo.state === 'error' && (
        <div className="banner banner-warn visit-geo-error" role="alert">
          <Icon name="alert" size={14} />
          <span>{geo.message}</span>
        </div>
      )}
      <div className="grid-2 visit-latlng">
        <Field label="Latitude" error={touched ? latError : null}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              autoComplete="off"
              placeholder="e.g. 41.7001"
              value={lat}
              onFocus={() => (editing.current = true)}
              onBlur={() => {
                editing.current = false;
                setTouched(true);
              }}
              onChange={(e) => {
                setLat(e.target.value);
                commitTyped(e.target.value, lng);
              }}
              data-testid="visit-lat"
            />
          )}
        </Field>
        <Field label="Longitude" error={touched ? lngError : null}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              autoComplete="off"
              placeholder="e.g. -71.1550"
              value={lng}
              onFocus={() => (editing.current = true)}
              onBlur={() => {
                editing.current = false;
                setTouched(true);
              }}
              onChange={(e) => {
                setLng(e.target.value);
                commitTyped(lat, e.target.value);
              }}
              data-testid="visit-lng"
            />
          )}
        </Field>
      </div>
    </div>
  );
}

/** People present: type a name and press Enter (or comma); Backspace in the empty box removes the last. */
export function ChipInput({
  label,
  values,
  onChange,
  placeholder,
  testId,
}: {
  label: string;
  values: string[];
  onChange: (next: string[]) => void;
  placeholder?: string;
  testId?: string;
}) {
  const [draft, setDraft] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const add = () => {
    const v = draft.trim().replace(/,$/, '').trim();
    if (!v) return;
    if (!values.some((x) => x.toLowerCase() === v.toLowerCase())) onChange([...values, v.slice(0, 160)]);
    setDraft('');
  };
  return (
    <Field label={label} hint="Press Enter after each name.">
      {(p) => (
        <div className="chips-input" onClick={() => input.current?.focus()} data-testid={testId}>
          {values.length > 0 && (
            <ul className="attendee-chips" aria-label={`${label}: ${values.length}`}>
              {values.map((v) => (
                <li key={v} className="attendee-chip">
                  <span>{v}</span>
                  <button type="button" className="chip-x" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>
                    <Icon name="x" size={12} />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <input
            {...p}
            ref={input}
            className="chips-field"
            value={draft}
            placeholder={values.length ? 'Add another…' : placeholder}
            autoComplete="off"
            onChange={(e) => {
              if (e.target.value.endsWith(',')) {
                setDraft(e.target.value);
                const v = e.target.value.slice(0, -1).trim();
                if (v && !values.some((x) => x.toLowerCase() === v.toLowerCase())) onChange([...values, v.slice(0, 160)]);
                setDraft('');
                return;
              }
              setDraft(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              } else if (e.key === 'Backspace' && draft === '' && values.length) {
                e.preventDefault();
                onChange(values.slice(0, -1));
              }
            }}
            onBlur={add}
          />
        </div>
      )}
    </Field>
  );
}
