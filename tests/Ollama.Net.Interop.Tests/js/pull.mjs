// Streaming pull: node pull.mjs <endpoint> <model>
import { run, collect } from './lib.mjs'

await run(async (ollama, [model]) => collect(await ollama.pull({ model, stream: true })))
