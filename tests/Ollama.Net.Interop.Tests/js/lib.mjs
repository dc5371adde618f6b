// Shared runner for the interop scenarios: node <scenario>.mjs <endpoint> [args...]
// Prints exactly one JSON line on stdout: {"ok":true,"result":...} or {"ok":false,"error":{...}}.
// The exit code is 0 in both cases; a non-zero exit means the script itself could not run.
import { Ollama } from 'ollama'

export async function run(scenario) {
  const [host, ...args] = process.argv.slice(2)
  if (!host) {
    process.stderr.write('usage: node <scenario>.mjs <endpoint> [args...]\n')
    process.exit(2)
  }

  const ollama = new Ollama({ host })
  let output
  try {
    output = { ok: true, result: await scenario(ollama, args) }
  } catch (error) {
    output = {
      ok: false,
      error: { name: error?.name ?? null, message: error?.message ?? String(error), status_code: error?.status_code ?? null },
    }
  }

  process.stdout.write(JSON.stringify(output) + '\n')
}

// Reads a whole stream; returns the parts and, if the stream failed, the error (instead of throwing).
export async function collect(iterator) {
  const parts = []
  try {
    for await (const part of iterator) {
      parts.push(part)
    }
    return { parts, error: null }
  } catch (error) {
    return { parts, error: { name: error?.name ?? null, message: error?.message ?? String(error) } }
  }
}
