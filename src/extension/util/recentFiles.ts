/** Files the user edited or opened lately, per folder, most recent first. Pure. */
export class RecentFiles {
  private readonly byFolder = new Map<string, string[]>();

  constructor(private readonly maxPerFolder = 200) {}

  /** `path` (relative to the folder) was just opened or edited. */
  touch(folderId: string, path: string): void {
    const list = (this.byFolder.get(folderId) ?? []).filter((p) => p !== path);
    list.unshift(path);
    if (list.length > this.maxPerFolder) list.length = this.maxPerFolder;
    this.byFolder.set(folderId, list);
  }

  of(folderId: string): string[] {
    return [...(this.byFolder.get(folderId) ?? [])];
  }

  forget(folderId: string): void {
    this.byFolder.delete(folderId);
  }
}

/** Groups open editors' paths by folder, keeping their order (the active editor should come first). */
export function openByFolder(located: readonly { folderId: string; path: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { folderId, path } of located) {
    const list = out.get(folderId) ?? [];
    if (!list.includes(path)) list.push(path);
    out.set(folderId, list);
  }
  return out;
}
