// TEMPORARY shim written by the lead so the app runs while the platform seam is being written; replace wholesale.
export function getPlatform() {
  return {
    kind: 'browser' as const,
    async saveFile(name: string, data: Uint8Array | Blob, mime: string, _filters?: unknown): Promise<{ saved: boolean; path?: string }> {
      const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type: mime });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      a.click();
      return { saved: true };
    },
  };
}
