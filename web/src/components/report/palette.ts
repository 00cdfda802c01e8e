/** The chart colours, named once: recharts takes colour strings, not the Tailwind classes in globals.css. */
export const INK = "#1c2430"; // globals.css --color-ink
export const TEAL = "#236868"; // globals.css --color-brand-600
export const AMBER = "#b45309";
export const SLATE = "#475569";
export const VIOLET = "#6d28d9";
export const RED = "#c2410c";
