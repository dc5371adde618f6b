using Ollama.Net.Serialization;

namespace Ollama.Net;

// Create: POST /api/create (from an existing model, or from blobs), and the create-from-local-files helper.
public partial class OllamaClient
{
    /// <summary>
    /// Creates a model (<c>POST /api/create</c>) <see cref="CreateModelRequest.From"/> an existing one or from blobs in
    /// <see cref="CreateModelRequest.Files"/>, reporting aggregated progress (quantization reports bytes), and waits until
    /// it exists.
    /// </summary>
    /// <param name="request">The new name, the source and the settings (template, system, parameters, quantization...).</param>
    /// <param name="progress">Receives the aggregated progress after each line of the stream; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The final progress (<see cref="ModelTransferProgress.IsSuccess"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name, or neither From nor Files.</exception>
    /// <exception cref="OllamaException">The server reported an error, the stream ended before <c>success</c>, or the server could not be reached.</exception>
    public virtual Task<ModelTransferProgress> CreateModelAsync(
        CreateModelRequest request, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => FoldProgressAsync(CreateModelStreamingAsync(request, cancellationToken), new ProgressAggregator(), progress);

    /// <summary>
    /// Creates a model (<c>POST /api/create</c>) and yields each progress line (<c>parsing GGUF</c>,
    /// <c>quantizing F16 model to Q4_K_M</c> with bytes, <c>using existing layer sha256:...</c>, <c>writing manifest</c>...),
    /// ending with <c>success</c>.
    /// </summary>
    /// <param name="request">The new name, the source and the settings (validated before the enumeration starts).</param>
    /// <param name="cancellationToken">Cancels the call; ends the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The progress lines, ending with <c>success</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null (thrown at once).</exception>
    /// <exception cref="ArgumentException">The request has no model name, or neither From nor Files (thrown at once).</exception>
    /// <exception cref="OllamaException">While enumerating: an error from the server, a stream that ended before
    /// <c>success</c>, or a server that could not be reached.</exception>
    public virtual IAsyncEnumerable<ProgressUpdate> CreateModelStreamingAsync(CreateModelRequest request, CancellationToken cancellationToken = default)
    {
        ValidateCreateRequest(request, hasLocalFiles: false);
        return ProgressStream("api/create", request, OllamaJsonContext.Default.CreateModelRequest, cancellationToken);
    }

    /// <summary>
    /// Creates a model from local files (a GGUF file, or the <c>*.safetensors</c> and <c>*.json</c> files of a
    /// safetensors model): each file is hashed while it is streamed, uploaded only when the server does not have it
    /// yet, and the model is created with the <c>files</c> map (file name → digest). Progress goes through the hashing,
    /// upload and creation steps.
    /// </summary>
    /// <param name="model">The name of the model to create.</param>
    /// <param name="filePaths">The files; each is named by its file name (names must be distinct).</param>
    /// <param name="progress">Receives the aggregated progress; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The final progress (<see cref="ModelTransferProgress.IsSuccess"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty, there are no files, or two have the same name.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="filePaths"/> is null.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist (checked before anything is sent).</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<ModelTransferProgress> CreateModelFromFilesAsync(
        string model, IEnumerable<string> filePaths, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "create call");
        ArgumentNullException.ThrowIfNull(filePaths);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in filePaths)
        {
            ArgumentException.ThrowIfNullOrEmpty(path, nameof(filePaths));
            var name = Path.GetFileName(path);
            if (!files.TryAdd(name, path))
            {
                throw new ArgumentException(
                    $"Two files are named \"{name}\" (\"{files[name]}\" and \"{path}\"). Give them distinct names with the overload that takes a name → path dictionary.",
                    nameof(filePaths));
            }
        }

        if (files.Count == 0)
        {
            throw new ArgumentException("No model files were given; pass the GGUF file, or the *.safetensors and *.json files of the model.", nameof(filePaths));
        }

        return CreateModelFromFilesAsync(new CreateModelRequest(model), files, adapters: null, progress, cancellationToken);
    }

    /// <summary>
    /// Creates a model from local model files and LoRA adapter files, with the settings of <paramref name="request"/>
    /// (template, system, parameters, messages, quantize, license...): each file is hashed while it is streamed, uploaded
    /// only when missing, and the model is created with the resulting <c>files</c> (and <c>adapters</c>) maps. Progress: <c>hashing &lt;file&gt;</c> (bytes hashed), <c>uploading &lt;file&gt;</c> or
    /// <c>using existing blob for &lt;file&gt;</c> (per digest, so <see cref="ModelTransferProgress.TotalBytes"/> covers
    /// the upload), then the server's create lines up to <c>success</c>.
    /// </summary>
    /// <param name="request">The new name and settings; its own Files/Adapters entries are kept.</param>
    /// <param name="files">The model files, name (relative, such as <c>model.gguf</c> or <c>config.json</c>) → local path; may be empty when the request has From or Files.</param>
    /// <param name="adapters">LoRA adapter files, name → local path; may be null.</param>
    /// <param name="progress">Receives the aggregated progress; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The final progress (<see cref="ModelTransferProgress.IsSuccess"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="files"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name, a name is absolute or has <c>..</c>, or a name is also in the request.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist (checked before anything is sent).</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<ModelTransferProgress> CreateModelFromFilesAsync(
        CreateModelRequest request,
        IDictionary<string, string> files,
        IDictionary<string, string>? adapters = null,
        IProgress<ModelTransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(files);
        var fileList = ValidateLocalFiles(files, request.Files, nameof(files));
        var adapterList = adapters is null ? [] : ValidateLocalFiles(adapters, request.Adapters, nameof(adapters));
        ValidateCreateRequest(request, hasLocalFiles: fileList.Count > 0 || adapterList.Count > 0);
        return CreateFromFilesCoreAsync(request, fileList, adapterList, progress, cancellationToken);
    }

    private async Task<ModelTransferProgress> CreateFromFilesCoreAsync(
        CreateModelRequest request,
        List<KeyValuePair<string, string>> files,
        List<KeyValuePair<string, string>> adapters,
        IProgress<ModelTransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        var aggregator = new ProgressAggregator();
        void Report(ProgressUpdate update) => progress?.Report(aggregator.Add(update));

        var digestsByPath = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task<Dictionary<string, string>?> UploadAllAsync(List<KeyValuePair<string, string>> local, IDictionary<string, string>? existing)
        {
            if (local.Count == 0)
            {
                return existing is null ? null : new Dictionary<string, string>(existing, StringComparer.Ordinal);
            }

            var map = existing is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(existing, StringComparer.Ordinal);
            foreach (var (name, path) in local)
            {
                var fullPath = Path.GetFullPath(path);
                if (!digestsByPath.TryGetValue(fullPath, out var digest))
                {
                    digest = await UploadFileCoreAsync(name, path, Report, cancellationToken).ConfigureAwait(false);
                    digestsByPath[fullPath] = digest;
                }

                map[name] = digest;
            }

            return map;
        }

        var create = request.Copy();
        create.Files = await UploadAllAsync(files, request.Files).ConfigureAwait(false);
        create.Adapters = await UploadAllAsync(adapters, request.Adapters).ConfigureAwait(false);
        return await FoldProgressAsync(
            ProgressStream("api/create", create, OllamaJsonContext.Default.CreateModelRequest, cancellationToken), aggregator, progress).ConfigureAwait(false);
    }

    private static void ValidateCreateRequest(CreateModelRequest request, bool hasLocalFiles)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateModel(request.Model, nameof(request), "create request");
        if (!hasLocalFiles && string.IsNullOrWhiteSpace(request.From) && (request.Files is null || request.Files.Count == 0))
        {
            throw new ArgumentException(
                "The create request needs a source: set From to an existing model, or Files to uploaded blobs (or use CreateModelFromFilesAsync with local files).",
                nameof(request));
        }

        ValidateDigestMap(request.Files, "Files");
        ValidateDigestMap(request.Adapters, "Adapters");
        ValidateDigestMap(request.DraftFiles, "DraftFiles");
    }

    private static void ValidateDigestMap(IDictionary<string, string>? map, string what)
    {
        if (map is null)
        {
            return;
        }

        foreach (var (name, digest) in map)
        {
            ValidateFileName(name, "request");
            if (!Internal.BlobDigest.IsValid(digest))
            {
                throw new ArgumentException(
                    $"The create request's {what}[\"{name}\"] is \"{digest}\", not a blob digest. Expected \"sha256:\" and 64 hexadecimal digits; upload the file first with UploadBlobFromFileAsync.",
                    "request");
            }
        }
    }

    private static List<KeyValuePair<string, string>> ValidateLocalFiles(
        IDictionary<string, string> local, IDictionary<string, string>? inRequest, string parameterName)
    {
        var list = new List<KeyValuePair<string, string>>(local.Count);
        foreach (var (name, path) in local)
        {
            ValidateFileName(name, parameterName);
            ValidateFilePath(path, parameterName);
            if (inRequest?.ContainsKey(name) == true)
            {
                throw new ArgumentException($"The file name \"{name}\" is both in the request and in the local files; keep one.", parameterName);
            }

            list.Add(new(name, path));
        }

        return list;
    }

    private static void ValidateFileName(string? name, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A model file name is empty; use the file name, such as \"model.gguf\".", parameterName);
        }

        if (Path.IsPathRooted(name) || name.Split('/', '\\').Any(segment => segment is ".." or "."))
        {
            throw new ArgumentException(
                $"The model file name \"{name}\" must be a relative name without '.' or '..' parts, such as \"model.gguf\" or \"config.json\" (the server rejects other paths).",
                parameterName);
        }
    }
}
