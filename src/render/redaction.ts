/** Replaces secret values in rendered text; every renderer applies it to its whole output. */
export type Redact = (text: string) => string;

export const noRedaction: Redact = (text) => text;
