// Starts ollama-test-server and tests against it with the official client: node --test tool.test.mjs
// OLLAMA_TEST_SERVER names the server (default: ollama-test-server on the PATH; a .dll is run with dotnet).
import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { Ollama } from 'ollama'

const MODEL = 'qwen2.5:0.5b'
let server, host, ollama

before(async () => {
  const command = process.env.OLLAMA_TEST_SERVER ?? 'ollama-test-server'
  const [file, ...args] = command.endsWith('.dll') ? ['dotnet', command] : [command]
  server = spawn(file, [...args, '--port', '0', '--preset', 'empty', '--model', `${MODEL},capabilities=completion+tools`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // The server prints "Listening on http://127.0.0.1:PORT" once it accepts requests.
  host = await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.once('exit', (code) => reject(new Error(`ollama-test-server exited with ${code}`)))
    createInterface({ input: server.stdout }).on('line', (line) => {
      const match = line.match(/^Listening on (\S+)/)
      if (match) resolve(match[1])
    })
  })
  ollama = new Ollama({ host })
})

after(async () => {
  server.kill('SIGTERM')
  const [code] = await once(server, 'exit')
  assert.equal(code, 0) // a clean stop
})

// The control API: /_test/replies, /_test/faults, /_test/models, /_test/requests, /_test/reset, /_test/state.
async function control(method, route, body) {
  const response = await fetch(`${host}/_test/${route}`, { method, body: body && JSON.stringify(body) })
  const json = await response.json()
  assert.equal(response.status, 200, JSON.stringify(json))
  return json
}

beforeEach(() => control('POST', 'reset'))

test('answers with a scripted reply and records the request', async () => {
  await control('POST', 'replies', { model: MODEL, content: 'Hello from the script.' })

  const response = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }] })

  assert.equal(response.message.content, 'Hello from the script.')
  const [request] = await control('GET', 'requests')
  assert.equal(request.path, '/api/chat')
  assert.deepEqual(request.body.messages, [{ role: 'user', content: 'Hi' }])
})

test('makes a tool call', async () => {
  await control('POST', 'replies', {
    model: MODEL,
    tool_calls: [{ name: 'get_weather', arguments: { city: 'Tokyo' }, id: 'call_1' }],
  })

  const response = await ollama.chat({
    model: MODEL,
    messages: [{ role: 'user', content: 'Weather in Tokyo?' }],
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  })

  assert.equal(response.message.tool_calls.length, 1)
  assert.equal(response.message.tool_calls[0].function.name, 'get_weather')
  assert.deepEqual(response.message.tool_calls[0].function.arguments, { city: 'Tokyo' })
})

test('breaks a stream with an error line', async () => {
  await control('POST', 'replies', { model: MODEL, content: 'This answer breaks.', chunk_size: 4 })
  await control('POST', 'faults', { path: '/api/chat', error_after_chunks: 2, error_message: 'runner crashed', once: true })

  const parts = []
  await assert.rejects(async () => {
    for await (const part of await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], stream: true })) {
      parts.push(part.message.content)
    }
  }, /runner crashed/)
  assert.deepEqual(parts, ['This', ' ans'])
})
