/** What the item editors mount: the review bar, the conflicts callout and the review side panel. */
export { ReviewBar } from './ReviewBar.tsx';
export { ConflictsCallout } from './ConflictsCallout.tsx';
export { ItemReviewPanel } from './ItemReviewPanel.tsx';
