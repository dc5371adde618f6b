Console.WriteLine("Hello from Ollama.Net");
