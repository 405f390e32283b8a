/** The hash the Hub reports for a file: sha256 of the bytes for LFS files, the git blob id (sha1) otherwise. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type FileHash = { algorithm: 'sha256'; value: string } | { algorithm: 'git-sha1'; value: string };

export async function fileDigest(path: string, algorithm: FileHash['algorithm'], size: number): Promise<string> {
  const hash = createHash(algorithm === 'sha256' ? 'sha256' : 'sha1');
  // A git blob id hashes a header, then the bytes.
  if (algorithm === 'git-sha1') hash.update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
