// Streaming chat: node chat-stream.mjs <endpoint> <model> [think]
import { run, collect } from './lib.mjs'

await run(async (ollama, [model, think]) => {
  const stream = await ollama.chat({
    model,
    messages: [{ role: 'user', content: 'Tell me something.' }],
    stream: true,
    ...(think === 'think' ? { think: true } : {}),
  })
  return collect(stream)
})
