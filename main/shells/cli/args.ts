/** Tiny argv parser: positional arguments plus --name value / --flag options. */
export interface ParsedArgs {
  positional: string[];
  options: Record<string, string | true>;
}

export function parseArgs(argv: string[], flags: ReadonlySet<string> = new Set()): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        options[arg.slice(2, eq)] = arg.slice(eq + 1);
      } else {
        const name = arg.slice(2);
        if (flags.has(name) || i + 1 >= argv.length) options[name] = true;
        else options[name] = argv[++i];
      }
    } else if (arg.startsWith('-') && arg.length === 2) {
      const name = arg.slice(1);
      if (flags.has(name) || i + 1 >= argv.length) options[name] = true;
      else options[name] = argv[++i];
    } else {
      positional.push(arg);
    }
  }
  return { positional, options };
}
