namespace Samples.Common;

/// <summary>The four poems the tutorial compares (full texts).</summary>
public static class Poems
{
    /// <summary>念奴娇·赤壁怀古, Su Shi.</summary>
    public static Poem Chibi { get; } = new(
        "念奴娇·赤壁怀古", "赤壁怀古", "苏轼", "Su Shi",
        "大江东去，浪淘尽，千古风流人物。故垒西边，人道是，三国周郎赤壁。乱石穿空，惊涛拍岸，卷起千堆雪。江山如画，一时多少豪杰。\n"
        + "遥想公瑾当年，小乔初嫁了，雄姿英发。羽扇纶巾，谈笑间，樯橹灰飞烟灭。故国神游，多情应笑我，早生华发。人生如梦，一尊还酹江月。");

    /// <summary>水调歌头·明月几时有, Su Shi.</summary>
    public static Poem Moon { get; } = new(
        "水调歌头·明月几时有", "明月几时有", "苏轼", "Su Shi",
        "丙辰中秋，欢饮达旦，大醉，作此篇，兼怀子由。\n"
        + "明月几时有？把酒问青天。不知天上宫阙，今夕是何年。我欲乘风归去，又恐琼楼玉宇，高处不胜寒。起舞弄清影，何似在人间。\n"
        + "转朱阁，低绮户，照无眠。不应有恨，何事长向别时圆？人有悲欢离合，月有阴晴圆缺，此事古难全。但愿人长久，千里共婵娟。");

    /// <summary>声声慢·寻寻觅觅, Li Qingzhao.</summary>
    public static Poem Sorrow { get; } = new(
        "声声慢·寻寻觅觅", "声声慢", "李清照", "Li Qingzhao",
        "寻寻觅觅，冷冷清清，凄凄惨惨戚戚。乍暖还寒时候，最难将息。三杯两盏淡酒，怎敌他、晚来风急！雁过也，正伤心，却是旧时相识。\n"
        + "满地黄花堆积，憔悴损，如今有谁堪摘？守着窗儿，独自怎生得黑！梧桐更兼细雨，到黄昏、点点滴滴。这次第，怎一个愁字了得！");

    /// <summary>沁园春·雪, Mao Zedong.</summary>
    public static Poem Snow { get; } = new(
        "沁园春·雪", "沁园春·雪", "毛泽东", "Mao Zedong",
        "北国风光，千里冰封，万里雪飘。望长城内外，惟余莽莽；大河上下，顿失滔滔。山舞银蛇，原驰蜡象，欲与天公试比高。须晴日，看红装素裹，分外妖娆。\n"
        + "江山如此多娇，引无数英雄竞折腰。惜秦皇汉武，略输文采；唐宗宋祖，稍逊风骚。一代天骄，成吉思汗，只识弯弓射大雕。俱往矣，数风流人物，还看今朝。");

    /// <summary>The four poems in the tutorial's order.</summary>
    public static IReadOnlyList<Poem> All { get; } = [Chibi, Moon, Sorrow, Snow];
}
