using System.Globalization;
using System.Text;

namespace Hesione.PromQL.Re2;

public static partial class Re2Syntax
{
    /// <summary>Unicode general categories (from .NET's data) and approximated scripts.</summary>
    private static class UnicodeTables
    {
        private static readonly Lazy<List<(int Lo, int Hi)>[]> Categories = new(BuildCategories);
        private static readonly Lazy<Dictionary<string, Func<(int Lo, int Hi)[]>>> Names = new(BuildNames);

        private static List<(int Lo, int Hi)>[] BuildCategories()
        {
            var result = new List<(int Lo, int Hi)>[30];
            for (int k = 0; k < result.Length; k++)
            {
                result[k] = [];
            }

            int runStart = 0;
            var runCat = CharUnicodeInfo.GetUnicodeCategory(0);
            for (int cp = 1; cp <= MaxRune + 1; cp++)
            {
                var cat = cp <= MaxRune ? CharUnicodeInfo.GetUnicodeCategory(cp) : (UnicodeCategory)(-1);
                if (cat != runCat)
                {
                    result[(int)runCat].Add((runStart, cp - 1));
                    runStart = cp;
                    runCat = cat;
                }
            }

            return result;
        }

        private static (int Lo, int Hi)[] Union(params UnicodeCategory[] cats)
        {
            var all = new List<(int Lo, int Hi)>();
            foreach (var cat in cats)
            {
                all.AddRange(Categories.Value[(int)cat]);
            }

            return [.. Clean(all)];
        }

        private static string Canonical(string name)
        {
            var sb = new StringBuilder(name.Length);
            bool first = true;
            foreach (char c in name)
            {
                if (c is '_' or '-' or ' ')
                {
                    continue;
                }

                if (first)
                {
                    sb.Append(char.IsAsciiLetterLower(c) ? (char)(c - 32) : c);
                    first = false;
                }
                else
                {
                    sb.Append(char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c);
                }
            }

            return sb.ToString();
        }

        private static Dictionary<string, Func<(int Lo, int Hi)[]>> BuildNames()
        {
            var d = new Dictionary<string, Func<(int Lo, int Hi)[]>>(StringComparer.Ordinal);
            void Add(string names, Func<(int Lo, int Hi)[]> f)
            {
                foreach (var name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    d[Canonical(name)] = f;
                }
            }

            const UnicodeCategory Lu = UnicodeCategory.UppercaseLetter, Ll = UnicodeCategory.LowercaseLetter,
                Lt = UnicodeCategory.TitlecaseLetter, Lm = UnicodeCategory.ModifierLetter, Lo = UnicodeCategory.OtherLetter,
                Mn = UnicodeCategory.NonSpacingMark, Mc = UnicodeCategory.SpacingCombiningMark, Me = UnicodeCategory.EnclosingMark,
                Nd = UnicodeCategory.DecimalDigitNumber, Nl = UnicodeCategory.LetterNumber, No = UnicodeCategory.OtherNumber,
                Zs = UnicodeCategory.SpaceSeparator, Zl = UnicodeCategory.LineSeparator, Zp = UnicodeCategory.ParagraphSeparator,
                Cc = UnicodeCategory.Control, Cf = UnicodeCategory.Format, Cs = UnicodeCategory.Surrogate,
                Co = UnicodeCategory.PrivateUse, Pc = UnicodeCategory.ConnectorPunctuation, Pd = UnicodeCategory.DashPunctuation,
                Ps = UnicodeCategory.OpenPunctuation, Pe = UnicodeCategory.ClosePunctuation,
                Pi = UnicodeCategory.InitialQuotePunctuation, Pf = UnicodeCategory.FinalQuotePunctuation,
                Po = UnicodeCategory.OtherPunctuation, Sm = UnicodeCategory.MathSymbol, Sc = UnicodeCategory.CurrencySymbol,
                Sk = UnicodeCategory.ModifierSymbol, So = UnicodeCategory.OtherSymbol, Cn = UnicodeCategory.OtherNotAssigned;

            Add("L Letter", () => Union(Lu, Ll, Lt, Lm, Lo));
            Add("LC Cased_Letter", () => Union(Lu, Ll, Lt));
            Add("Lu Uppercase_Letter", () => Union(Lu));
            Add("Ll Lowercase_Letter", () => Union(Ll));
            Add("Lt Titlecase_Letter", () => Union(Lt));
            Add("Lm Modifier_Letter", () => Union(Lm));
            Add("Lo Other_Letter", () => Union(Lo));
            Add("M Mark Combining_Mark", () => Union(Mn, Mc, Me));
            Add("Mn Nonspacing_Mark", () => Union(Mn));
            Add("Mc Spacing_Mark", () => Union(Mc));
            Add("Me Enclosing_Mark", () => Union(Me));
            Add("N Number", () => Union(Nd, Nl, No));
            Add("Nd Decimal_Number digit", () => Union(Nd));
            Add("Nl Letter_Number", () => Union(Nl));
            Add("No Other_Number", () => Union(No));
            Add("P Punctuation punct", () => Union(Pc, Pd, Ps, Pe, Pi, Pf, Po));
            Add("Pc Connector_Punctuation", () => Union(Pc));
            Add("Pd Dash_Punctuation", () => Union(Pd));
            Add("Ps Open_Punctuation", () => Union(Ps));
            Add("Pe Close_Punctuation", () => Union(Pe));
            Add("Pi Initial_Punctuation", () => Union(Pi));
            Add("Pf Final_Punctuation", () => Union(Pf));
            Add("Po Other_Punctuation", () => Union(Po));
            Add("S Symbol", () => Union(Sm, Sc, Sk, So));
            Add("Sm Math_Symbol", () => Union(Sm));
            Add("Sc Currency_Symbol", () => Union(Sc));
            Add("Sk Modifier_Symbol", () => Union(Sk));
            Add("So Other_Symbol", () => Union(So));
            Add("Z Separator", () => Union(Zs, Zl, Zp));
            Add("Zs Space_Separator", () => Union(Zs));
            Add("Zl Line_Separator", () => Union(Zl));
            Add("Zp Paragraph_Separator", () => Union(Zp));
            Add("C Other", () => Union(Cc, Cf, Cs, Co));
            Add("Cc Control cntrl", () => Union(Cc));
            Add("Cf Format", () => Union(Cf));
            Add("Cs Surrogate", () => Union(Cs));
            Add("Co Private_Use", () => Union(Co));
            Add("Cn Unassigned", () => Union(Cn));
            Add("Any", () => [(0, MaxRune)]);
            Add("ASCII", () => [(0, 0x7F)]);

            foreach (var script in Scripts.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var ranges = ScriptApproximations.TryGetValue(script, out var r) ? r : [];
                d[Canonical(script)] = () => ranges;
            }

            return d;
        }

        public static bool TryLookup(string name, out (int Lo, int Hi)[] table, out bool negated)
        {
            negated = false;
            table = [];
            string canonical = Canonical(name);
            if (canonical.Length == 0 || name.Length == 0)
            {
                return false;
            }

            if (canonical == "Assigned")
            {
                negated = true;
                table = Union(UnicodeCategory.OtherNotAssigned);
                return true;
            }

            if (Names.Value.TryGetValue(canonical, out var f))
            {
                table = f();
                return true;
            }

            return false;
        }

        // The scripts of Go's unicode.Scripts (Unicode 15).
        private const string Scripts =
            "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki " +
            "Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee " +
            "Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan " +
            "Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi " +
            "Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited " +
            "Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi " +
            "Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian " +
            "Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui " +
            "Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari " +
            "Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic " +
            "Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage " +
            "Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan " +
            "Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri " +
            "Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan " +
            "Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square";

        // Block-based approximations of common scripts (Unicode block ranges).
        private static readonly Dictionary<string, (int Lo, int Hi)[]> ScriptApproximations = new(StringComparer.Ordinal)
        {
            ["Latin"] =
            [
                (0x41, 0x5A), (0x61, 0x7A), (0xAA, 0xAA), (0xBA, 0xBA), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2B8),
                (0x2E0, 0x2E4), (0x1D00, 0x1D25), (0x1D2C, 0x1D5C), (0x1D62, 0x1D65), (0x1D6B, 0x1D77), (0x1D79, 0x1DBE),
                (0x1E00, 0x1EFF), (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C), (0x212A, 0x212B), (0x2132, 0x2132),
                (0x214E, 0x214E), (0x2160, 0x2188), (0x2C60, 0x2C7F), (0xA722, 0xA787), (0xA78B, 0xA7FF), (0xAB30, 0xAB5A),
                (0xAB5C, 0xAB64), (0xAB66, 0xAB69), (0xFB00, 0xFB06), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0x10780, 0x107BA),
                (0x1DF00, 0x1DF2A),
            ],
            ["Greek"] =
            [
                (0x370, 0x373), (0x375, 0x377), (0x37A, 0x37D), (0x37F, 0x37F), (0x384, 0x384), (0x386, 0x386),
                (0x388, 0x3E1), (0x3F0, 0x3FF), (0x1D26, 0x1D2A), (0x1D5D, 0x1D61), (0x1D66, 0x1D6A), (0x1DBF, 0x1DBF),
                (0x1F00, 0x1FFE), (0x2126, 0x2126), (0xAB65, 0xAB65), (0x10140, 0x1018E), (0x101A0, 0x101A0),
                (0x1D200, 0x1D245),
            ],
            ["Cyrillic"] = [(0x400, 0x484), (0x487, 0x52F), (0x1C80, 0x1C88), (0x1D2B, 0x1D2B), (0x1D78, 0x1D78), (0x2DE0, 0x2DFF), (0xA640, 0xA69F), (0xFE2E, 0xFE2F), (0x1E030, 0x1E08F)],
            ["Armenian"] = [(0x531, 0x556), (0x559, 0x58A), (0x58D, 0x58F), (0xFB13, 0xFB17)],
            ["Hebrew"] = [(0x591, 0x5C7), (0x5D0, 0x5EA), (0x5EF, 0x5F4), (0xFB1D, 0xFB4F)],
            ["Arabic"] = [(0x600, 0x604), (0x606, 0x60B), (0x60D, 0x61A), (0x61C, 0x61E), (0x620, 0x63F), (0x641, 0x64A), (0x656, 0x66F), (0x671, 0x6DC), (0x6DE, 0x6FF), (0x750, 0x77F), (0x870, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC), (0x10E60, 0x10E7E), (0x1EE00, 0x1EEF1)],
            ["Syriac"] = [(0x700, 0x74F), (0x860, 0x86A)],
            ["Thaana"] = [(0x780, 0x7B1)],
            ["Nko"] = [(0x7C0, 0x7FA), (0x7FD, 0x7FF)],
            ["Samaritan"] = [(0x800, 0x83E)],
            ["Mandaic"] = [(0x840, 0x85E)],
            ["Devanagari"] = [(0x900, 0x950), (0x955, 0x963), (0x966, 0x97F), (0xA8E0, 0xA8FF)],
            ["Bengali"] = [(0x980, 0x9FE)],
            ["Gurmukhi"] = [(0xA01, 0xA76)],
            ["Gujarati"] = [(0xA81, 0xAFF)],
            ["Oriya"] = [(0xB01, 0xB77)],
            ["Tamil"] = [(0xB82, 0xBFA), (0x11FC0, 0x11FFF)],
            ["Telugu"] = [(0xC00, 0xC7F)],
            ["Kannada"] = [(0xC80, 0xCF3)],
            ["Malayalam"] = [(0xD00, 0xD7F)],
            ["Sinhala"] = [(0xD81, 0xDF4), (0x111E1, 0x111F4)],
            ["Thai"] = [(0xE01, 0xE3A), (0xE40, 0xE5B)],
            ["Lao"] = [(0xE81, 0xEDF)],
            ["Tibetan"] = [(0xF00, 0xFD4), (0xFD9, 0xFDA)],
            ["Myanmar"] = [(0x1000, 0x109F), (0xA9E0, 0xA9FE), (0xAA60, 0xAA7F)],
            ["Georgian"] = [(0x10A0, 0x10FA), (0x10FC, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2D)],
            ["Hangul"] = [(0x1100, 0x11FF), (0x302E, 0x302F), (0x3131, 0x318E), (0x3200, 0x321E), (0x3260, 0x327E), (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xD7B0, 0xD7FB), (0xFFA0, 0xFFDC)],
            ["Ethiopic"] = [(0x1200, 0x139F), (0x2D80, 0x2DDE), (0xAB01, 0xAB2E), (0x1E7E0, 0x1E7FE)],
            ["Cherokee"] = [(0x13A0, 0x13FD), (0xAB70, 0xABBF)],
            ["Canadian_Aboriginal"] = [(0x1400, 0x167F), (0x18B0, 0x18F5), (0x11AB0, 0x11ABF)],
            ["Ogham"] = [(0x1680, 0x169C)],
            ["Runic"] = [(0x16A0, 0x16EA), (0x16EE, 0x16F8)],
            ["Tagalog"] = [(0x1700, 0x171F)],
            ["Khmer"] = [(0x1780, 0x17F9), (0x19E0, 0x19FF)],
            ["Mongolian"] = [(0x1800, 0x1801), (0x1804, 0x1804), (0x1806, 0x18AA), (0x11660, 0x1166C)],
            ["Hiragana"] = [(0x3041, 0x3096), (0x309D, 0x309F), (0x1B001, 0x1B11F), (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1F200, 0x1F200)],
            ["Katakana"] = [(0x30A1, 0x30FA), (0x30FD, 0x30FF), (0x31F0, 0x31FF), (0x32D0, 0x32FE), (0x3300, 0x3357), (0xFF66, 0xFF6F), (0xFF71, 0xFF9D), (0x1AFF0, 0x1B000), (0x1B120, 0x1B122), (0x1B155, 0x1B155), (0x1B164, 0x1B167)],
            ["Bopomofo"] = [(0x2EA, 0x2EB), (0x3105, 0x312F), (0x31A0, 0x31BF)],
            ["Han"] = [(0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0x16FE2, 0x16FE3), (0x16FF0, 0x16FF1), (0x20000, 0x2A6DF), (0x2A700, 0x2EBE0), (0x2F800, 0x2FA1D), (0x30000, 0x3134A), (0x31350, 0x323AF)],
            ["Yi"] = [(0xA000, 0xA48C), (0xA490, 0xA4C6)],
            ["Braille"] = [(0x2800, 0x28FF)],
            ["Coptic"] = [(0x3E2, 0x3EF), (0x2C80, 0x2CF3), (0x2CF9, 0x2CFF)],
            ["Glagolitic"] = [(0x2C00, 0x2C5F), (0x1E000, 0x1E02A)],
            ["Tifinagh"] = [(0x2D30, 0x2D67), (0x2D6F, 0x2D70), (0x2D7F, 0x2D7F)],
            ["Javanese"] = [(0xA980, 0xA9CD), (0xA9D0, 0xA9D9), (0xA9DE, 0xA9DF)],
            ["Balinese"] = [(0x1B00, 0x1B7E)],
            ["Sundanese"] = [(0x1B80, 0x1BBF), (0x1CC0, 0x1CC7)],
            ["Gothic"] = [(0x10330, 0x1034A)],
            ["Deseret"] = [(0x10400, 0x1044F)],
            ["Linear_B"] = [(0x10000, 0x100FA)],
            ["Cuneiform"] = [(0x12000, 0x12399), (0x12400, 0x12474), (0x12480, 0x12543)],
            ["Egyptian_Hieroglyphs"] = [(0x13000, 0x13455)],
            ["Inherited"] = [(0x300, 0x36F), (0x485, 0x486), (0x64B, 0x655), (0x670, 0x670), (0x951, 0x954), (0x1AB0, 0x1ACE), (0x1CD0, 0x1CD2), (0x1CD4, 0x1CE0), (0x1CE2, 0x1CE8), (0x1CED, 0x1CED), (0x1CF4, 0x1CF4), (0x1CF8, 0x1CF9), (0x1DC0, 0x1DFF), (0x200C, 0x200D), (0x20D0, 0x20F0), (0xFE00, 0xFE0F), (0xFE20, 0xFE2D), (0x101FD, 0x101FD), (0xE0100, 0xE01EF)],
            ["Common"] =
            [
                (0x0, 0x40), (0x5B, 0x60), (0x7B, 0xA9), (0xAB, 0xB9), (0xBB, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7),
                (0x2B9, 0x2DF), (0x2E5, 0x2E9), (0x2EC, 0x2FF), (0x374, 0x374), (0x37E, 0x37E), (0x385, 0x385),
                (0x387, 0x387), (0x605, 0x605), (0x60C, 0x60C), (0x61B, 0x61B), (0x61F, 0x61F), (0x640, 0x640),
                (0x6DD, 0x6DD), (0x964, 0x965), (0xE3F, 0xE3F), (0xFD5, 0xFD8), (0x10FB, 0x10FB), (0x16EB, 0x16ED),
                (0x2000, 0x200B), (0x200E, 0x2064), (0x2066, 0x2070), (0x2074, 0x207E), (0x2080, 0x208E), (0x20A0, 0x20C0),
                (0x2100, 0x2125), (0x2127, 0x2129), (0x212C, 0x2131), (0x2133, 0x214D), (0x214F, 0x215F), (0x2189, 0x218B),
                (0x2190, 0x2426), (0x2440, 0x244A), (0x2460, 0x27FF), (0x2900, 0x2B73), (0x2B76, 0x2B95), (0x2B97, 0x2BFF),
                (0x2E00, 0x2E5D), (0x2FF0, 0x2FFB), (0x3000, 0x3004), (0x3006, 0x3006), (0x3008, 0x3020), (0x3030, 0x3037),
                (0x303C, 0x303F), (0xFE10, 0xFE19), (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFEFF, 0xFEFF),
                (0xFF01, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65), (0xFF70, 0xFF70), (0xFF9E, 0xFF9F), (0xFFE0, 0xFFE6),
                (0xFFE8, 0xFFEE), (0xFFF9, 0xFFFD), (0x1D400, 0x1D7FF), (0x1F000, 0x1FAFF), (0xE0001, 0xE0001),
                (0xE0020, 0xE007F),
            ],
        };
    }
}
