// Batch embed: node embed.mjs <endpoint> <model> <dimensions> <input>...
import { run } from './lib.mjs'

await run(async (ollama, [model, dimensions, ...input]) =>
  ollama.embed({ model, input, ...(Number(dimensions) > 0 ? { dimensions: Number(dimensions) } : {}) }),
)
