// node list.mjs <endpoint>
import { run } from './lib.mjs'

await run(async (ollama) => ollama.list())
