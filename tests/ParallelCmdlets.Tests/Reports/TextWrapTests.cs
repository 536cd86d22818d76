using ParallelCmdlets.Reports;

namespace ParallelCmdlets.Tests.Reports;

public class TextWrapTests
{
    [Fact]
    public void Breaks_between_words_so_no_line_passes_the_width()
    {
        var text = TextWrap.Lines("scales: 1.9× of the 2.0× that 2 cores allow, 3 workers share them", 20);

        Assert.Equal(["scales: 1.9× of the", "2.0× that 2 cores", "allow, 3 workers", "share them"], text.Split(Environment.NewLine));
    }

    [Fact]
    public void Cuts_a_word_longer_than_a_line_and_keeps_the_texts_own_line_breaks()
    {
        var text = TextWrap.Lines("a ForEachParallel\nb", 8);

        Assert.Equal(["a", "ForEachP", "arallel", "b"], text.Split(Environment.NewLine));
    }

    [Fact]
    public void Gives_an_empty_string_for_no_text()
    {
        Assert.Equal("", TextWrap.Lines(null, 10));
        Assert.Equal("", TextWrap.Lines("", 10));
    }
}
