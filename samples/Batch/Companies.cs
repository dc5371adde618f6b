namespace Batch;

/// <summary>The companies the sample scores when no --input file is given.</summary>
internal static class Companies
{
    public static IReadOnlyList<string> Default { get; } =
    [
        "OpenAI",
        "Anthropic",
        "月之暗面 (Moonshot AI)",
        "科大讯飞 (iFlytek)",
        "百度 (Baidu)",
        "字节跳动 (ByteDance)",
        "英伟达 (NVIDIA)",
        "多邻国 (Duolingo)",
        "特斯拉 (Tesla)",
        "美团 (Meituan)",
        "海底捞 (Haidilao)",
        "贵州茅台 (Kweichow Moutai)",
    ];
}
