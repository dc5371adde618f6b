// Streaming generate: node generate.mjs <endpoint> <model>
import { run, collect } from './lib.mjs'

await run(async (ollama, [model]) => collect(await ollama.generate({ model, prompt: 'Why is the sky blue?', stream: true })))
