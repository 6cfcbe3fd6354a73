namespace Socrates.Api.Export.Pdf;

[Flags]
public enum TextStyle
{
    Regular = 0,
    Bold = 1,
    Italic = 2,
    Mono = 4,
}

/// <summary>A piece of a paragraph in one style; a link makes it clickable. A span whose text is "\n" breaks the line.</summary>
public readonly record struct Span(string Text, TextStyle Style = TextStyle.Regular, string? Link = null)
{
    public const string LineBreak = "\n";
}
