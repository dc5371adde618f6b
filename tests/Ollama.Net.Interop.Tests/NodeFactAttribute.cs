namespace Ollama.Net.Interop.Tests;

/// <summary>
/// A fact that needs Node.js. Skipped only when <c>node</c> itself is not on the PATH; a missing <c>node_modules</c>
/// is a failure (see <see cref="JsClient"/>), because CI installs it with npm ci.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (JsClient.FindNode() is null)
        {
            Skip = "Node.js (node) is not on the PATH; install it to run the official JavaScript client's interop tests.";
        }
    }
}
