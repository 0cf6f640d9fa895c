// The one rule for a volume's name, checked by createStorage and by any host that reads volumes
// from its own configuration (the server's config.ts), so both always agree. A name is a label:
// it appears in repair entries the host stores (the server's column holds 32 characters), in
// metric labels and in log lines, so it is short and plain, and starts with a letter or digit.

export const VOLUME_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
export const VOLUME_NAME_RULE = 'volume name: letters, digits, - and _, starting with a letter or digit (max 32)';

export function isVolumeName(name: unknown): name is string {
  return typeof name === 'string' && VOLUME_NAME_PATTERN.test(name);
}
