// The package version, read once by the process entry points and passed in.
import { readFileSync } from 'node:fs';

export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
