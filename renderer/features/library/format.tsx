import { LIBRARY_KIND_LABELS, type LibraryKind } from '#core/knowledge/schemas.ts';
import { Icon, type IconName } from '../../ui/icons.tsx';

const KIND_ICON: Record<LibraryKind, IconName> = {
  guide: 'list',
  'case-study': 'building',
  memo: 'file',
  template: 'template',
  dataset: 'chart',
  link: 'link',
};

export const kindLabel = (k: string) => LIBRARY_KIND_LABELS[k as LibraryKind] ?? k;

/** The kind of a library item: an icon and its name, so it never rests on the icon alone. */
export function KindBadge({ kind }: { kind: string }) {
  return (
    <span className="kind-badge" data-kind={kind}>
      <Icon name={KIND_ICON[kind as LibraryKind] ?? 'file'} size={14} />
      {kindLabel(kind)}
    </span>
  );
}

/** A featured item's star: a toggle where the library is curated, plain text elsewhere. */
export function FeaturedMark({ featured }: { featured: boolean }) {
  if (!featured) return null;
  return (
    <span className="featured-mark" title="Featured by the programme">
      <span aria-hidden="true">★</span>
      <span className="sr-only">Featured</span>
    </span>
  );
}
