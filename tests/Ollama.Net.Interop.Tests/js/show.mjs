// node show.mjs <endpoint> <model>
import { run } from './lib.mjs'

await run(async (ollama, [model]) => ollama.show({ model }))
