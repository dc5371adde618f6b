using System.Net;
using System.Net.Http.Headers;
using Ollama.Net.Internal;

namespace Ollama.Net;

// Blobs: the files a model is created from (HEAD/POST /api/blobs/:digest), and streaming upload of local files.
public partial class OllamaClient
{
    /// <summary>Asks whether the server already has a blob (<c>HEAD /api/blobs/&lt;digest&gt;</c>).</summary>
    /// <param name="digest">The blob digest, <c>sha256:&lt;64 hex digits&gt;</c> (<c>sha256-</c> is accepted too).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the server has it (200), false when it does not (404).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="digest"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not a SHA-256 digest (checked before any request).</exception>
    /// <exception cref="OllamaException">The server reported another error or could not be reached.</exception>
    public virtual Task<bool> BlobExistsAsync(string digest, CancellationToken cancellationToken = default)
    {
        BlobDigest.Validate(digest, nameof(digest));
        return BlobExistsCoreAsync(digest, cancellationToken);
    }

    /// <summary>
    /// Uploads a blob (<c>POST /api/blobs/&lt;digest&gt;</c>) from a stream, sent as it is read (never buffered whole).
    /// The server checks the content against the digest. Use the digest in <see cref="CreateModelRequest.Files"/>.
    /// </summary>
    /// <param name="digest">The SHA-256 of the content, <c>sha256:&lt;64 hex digits&gt;</c>.</param>
    /// <param name="content">The content, read from its current position to its end (not disposed).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>A task that completes when the server has the blob (201 created, or 200 when it already had it).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="digest"/> or <paramref name="content"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not a SHA-256 digest, or the stream cannot be read.</exception>
    /// <exception cref="OllamaException">The server rejected it (400 <c>digest mismatch</c>) or could not be reached.</exception>
    public virtual Task UploadBlobAsync(string digest, Stream content, CancellationToken cancellationToken = default)
    {
        BlobDigest.Validate(digest, nameof(digest));
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The blob content stream cannot be read.", nameof(content));
        }

        return SendContentAsync(HttpMethod.Post, BlobPath(digest), CreateBlobContent(content, null, leaveOpen: true), cancellationToken);
    }

    /// <summary>
    /// Uploads a local file as a blob unless the server already has it: computes its SHA-256 while streaming it (no
    /// whole-file buffering, fine for files of many GiB), asks <c>HEAD /api/blobs/&lt;digest&gt;</c>, and sends it with
    /// <c>POST</c> only when it is missing. Progress: <c>hashing &lt;file&gt;</c> with the bytes hashed, then
    /// <c>uploading &lt;file&gt;</c> (or <c>using existing blob for &lt;file&gt;</c>) with the digest and the bytes sent.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="progress">Receives the progress; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The digest (<c>sha256:&lt;hex&gt;</c>) to use in <see cref="CreateModelRequest.Files"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<string> UploadBlobFromFileAsync(
        string path, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateFilePath(path, nameof(path));
        var aggregator = new ProgressAggregator();
        return UploadFileCoreAsync(Path.GetFileName(path), path, update => progress?.Report(aggregator.Add(update)), cancellationToken);
    }

    private static string BlobPath(string digest) => "api/blobs/" + digest;

    private async Task<bool> BlobExistsCoreAsync(string digest, CancellationToken cancellationToken)
    {
        try
        {
            await SendContentAsync(HttpMethod.Head, BlobPath(digest), null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OllamaException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static StreamContent CreateBlobContent(Stream stream, Action<long>? onProgress, bool leaveOpen)
    {
        var content = new StreamContent(new ProgressReadStream(stream, onProgress, BlobDigest.BufferSize, leaveOpen), BlobDigest.BufferSize);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    /// <summary>Hashes a file, asks whether the server has it, and uploads it when missing; returns its digest.</summary>
    private async Task<string> UploadFileCoreAsync(string name, string path, Action<ProgressUpdate> report, CancellationToken cancellationToken)
    {
        var file = BlobDigest.OpenRead(path);
        StreamContent? content = null;
        try
        {
            var length = file.Length;
            var hashing = "hashing " + name;
            report(new ProgressUpdate { Status = hashing, Total = length, Completed = 0 });
            var digest = await BlobDigest.ComputeAsync(
                file, done => report(new ProgressUpdate { Status = hashing, Total = length, Completed = done }), cancellationToken)
                .ConfigureAwait(false);

            if (await BlobExistsCoreAsync(digest, cancellationToken).ConfigureAwait(false))
            {
                report(new ProgressUpdate { Status = "using existing blob for " + name, Digest = digest, Total = length, Completed = length });
                return digest;
            }

            file.Position = 0;
            var uploading = "uploading " + name;
            report(new ProgressUpdate { Status = uploading, Digest = digest, Total = length, Completed = 0 });
            content = CreateBlobContent(
                file, sent => report(new ProgressUpdate { Status = uploading, Digest = digest, Total = length, Completed = sent }), leaveOpen: false);
            content.Headers.ContentLength = length;
            await SendContentAsync(HttpMethod.Post, BlobPath(digest), content, cancellationToken).ConfigureAwait(false);
            return digest;
        }
        finally
        {
            content?.Dispose();
            await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void ValidateFilePath(string path, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, parameterName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                Directory.Exists(path)
                    ? $"\"{path}\" is a directory; give the model files one by one (for safetensors: every *.safetensors and *.json file of the folder)."
                    : $"The file \"{path}\" does not exist.",
                path);
        }
    }
}
