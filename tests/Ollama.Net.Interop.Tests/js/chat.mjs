// Non-streaming chat (the client's default): node chat.mjs <endpoint> <model> [tools]
import { run } from './lib.mjs'

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Gets the weather of a city.',
    parameters: { type: 'object', required: ['city'], properties: { city: { type: 'string', description: 'The city' } } },
  },
}

await run(async (ollama, [model, tools]) =>
  ollama.chat({
    model,
    messages: [{ role: 'user', content: 'Weather in Tokyo?' }],
    ...(tools === 'tools' ? { tools: [weatherTool] } : {}),
  }),
)
