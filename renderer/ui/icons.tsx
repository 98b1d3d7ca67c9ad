import type { SVGProps } from 'react';

/** A few line icons drawn for the app (16 px, currentColor), so nothing is fetched at run time. */
const paths = {
  plus: 'M8 3v10M3 8h10',
  search: 'M7 12A5 5 0 1 0 7 2a5 5 0 0 0 0 10zM14 14l-3.5-3.5',
  building: 'M3 14V3l5-1v12M8 5h5v9M5 5h1M5 8h1M5 11h1M10 8h1M10 11h1M2 14h12',
  clipboard: 'M5 3h6v2H5zM4 4H3v10h10V4h-1M5 8h6M5 11h4',
  flag: 'M4 14V2M4 3h8l-2 3 2 3H4',
  check: 'M3 8.5l3 3 7-7',
  list: 'M5 4h9M5 8h9M5 12h9M2 4h.5M2 8h.5M2 12h.5',
  camera: 'M2 5h3l1.5-2h3L11 5h3v8H2zM8 11.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  settings: 'M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  template: 'M3 2h10v12H3zM5 5h6M5 8h6M5 11h3',
  x: 'M4 4l8 8M12 4l-8 8',
  chevronDown: 'M4 6l4 4 4-4',
  chevronRight: 'M6 4l4 4-4 4',
  arrowUp: 'M8 13V3M4 7l4-4 4 4',
  arrowDown: 'M8 3v10M4 9l4 4 4-4',
  undo: 'M4 6h6a3 3 0 0 1 0 6H7M4 6l3-3M4 6l3 3',
  redo: 'M12 6H6a3 3 0 0 0 0 6h3M12 6L9 3M12 6L9 9',
  upload: 'M8 11V2M4.5 5.5L8 2l3.5 3.5M2 11v3h12v-3',
  download: 'M8 2v9M4.5 7.5L8 11l3.5-3.5M2 11v3h12v-3',
  pin: 'M8 14s5-4.5 5-8A5 5 0 0 0 3 6c0 3.5 5 8 5 8zM8 7.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z',
  users: 'M6 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM1.5 14c0-2.5 2-4 4.5-4s4.5 1.5 4.5 4M11 2.3a2.5 2.5 0 0 1 0 4.4M12 10c1.5.5 2.5 2 2.5 4',
  trash: 'M3 4h10M6 4V2.5h4V4M4.5 4l.5 10h6l.5-10',
  lightbulb: 'M6 12h4M6.5 14h3M8 2a4 4 0 0 0-2.5 7.1c.4.4.5.9.5 1.4h4c0-.5.1-1 .5-1.4A4 4 0 0 0 8 2z',
  link: 'M7 9a3 3 0 0 0 4.2 0l2-2a3 3 0 0 0-4.2-4.2L8 3.8M9 7a3 3 0 0 0-4.2 0l-2 2a3 3 0 0 0 4.2 4.2l1-1',
  sun: 'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1',
  moon: 'M13 9.5A5.5 5.5 0 0 1 6.5 3 5.5 5.5 0 1 0 13 9.5z',
  columns: 'M2 3h12v10H2zM6 3v10M10 3v10',
  alert: 'M8 2l6.5 11.5h-13zM8 6.5v3M8 11.5v.5',
  chart: 'M2 14h12M4 11V7M7 11V4M10 11V8M13 11V6',
  file: 'M4 2h5l3 3v9H4zM9 2v3h3',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16, ...rest }: { name: IconName; size?: number } & SVGProps<SVGSVGElement>) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
      <path d={paths[name]} />
    </svg>
  );
}
