/** `512 bytes`, `64 KiB`, `1.5 MiB`: sizes of files and limits, in powers of 1024. */
export function formatByteSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${trim((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

function trim(number: string): string {
  return number.replace(/\.0$/, "");
}
