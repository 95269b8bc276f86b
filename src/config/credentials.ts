/**
 * Recognising credentials pasted into outpost.yaml, which is committed and readable by everyone
 * with access to the repository. A match is a warning, never an error: the heuristics can be wrong.
 */

const knownFormats: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: "a Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{6,}/ },
  { kind: "an Outpost API key", pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{6,}/ },
  { kind: "a Weights & Biases key", pattern: /\bwk_[A-Za-z0-9]{6,}/ },
  {
    kind: "a GitHub token",
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/,
  },
  { kind: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{16,}/ },
  { kind: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: "an AWS access key", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: "an API key", pattern: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/ },
  { kind: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { kind: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./ },
];

const secretName =
  /(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$/i;

/**
 * What kind of credential `text` looks like (`a Hugging Face token`), if any. `variable` is the environment variable name
 * when the text is an `env` value: a secret-sounding name, or a long random-looking value, is
 * then enough.
 */
export function credentialKind(text: string, variable?: string): string | undefined {
  const known = knownFormats.find(({ pattern }) => pattern.test(text));
  if (known !== undefined) return known.kind;
  if (variable === undefined) return undefined;
  const value = text.trim();
  if (secretName.test(variable) && value.length >= 8 && !/\s/.test(value)) {
    return "a credential (by its name)";
  }
  if (looksRandom(value)) return "a randomly generated secret";
  return undefined;
}

/** Long, single-token, mixed-character strings with high entropy: keys and passwords, not words or paths. */
function looksRandom(value: string): boolean {
  if (value.length < 32 || /[\s/:.]/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(value)).length;
  return classes === 3 && entropyPerCharacter(value) >= 4;
}

function entropyPerCharacter(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    entropy -= share * Math.log2(share);
  }
  return entropy;
}
