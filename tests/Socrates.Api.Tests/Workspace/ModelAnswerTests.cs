using Socrates.Api.Llm.Providers;
using Socrates.Api.Tests.Llm.Providers.Fakes;
using Socrates.Api.Workspace.Conversations;
using Socrates.Api.Workspace.Proposals;
using Socrates.Api.Workspace.Questions;

namespace Socrates.Api.Tests.Workspace;

/// <summary>How the workspace reads what models answer: leniently, never failing.</summary>
public sealed class ModelAnswerTests
{
    private static readonly string ExpectedReply = ModelReply.Parse(FakeScenarios.SocraticReplyJson).Reply;

    [Fact]
    public void The_reply_text_streams_out_of_its_json_wherever_the_pieces_cut_it()
    {
        Assert.Equal("Thanks \u2014 a web app for small \"teams\" it is.\nHow will people sign in?", ExpectedReply);
        var json = FakeScenarios.SocraticReplyJson;
        for (var cut = 1; cut < json.Length; cut++)
        {
            for (var second = cut + 1; second < Math.Min(json.Length, cut + 12); second++)
            {
                var stream = new StreamedReplyText();
                var shown = stream.Push(json[..cut]) + stream.Push(json[cut..second]) + stream.Push(json[second..]);
                Assert.Equal(ExpectedReply, shown);
            }
        }
    }

    [Fact]
    public void An_answer_that_is_not_json_streams_as_it_is()
    {
        var stream = new StreamedReplyText();
        Assert.Equal("Hello from the fake", string.Concat(FakeScenarios.Words.Select(stream.Push)));
    }

    [Theory]
    [InlineData("Sure! Here you go:\n```json\n{\"reply\": \"Hi\", \"proposals\": []}\n```", "Hi", 0)]
    [InlineData("{\"reply\": \"Hi\", \"proposals\": [{\"category\": \"Data Model\", \"key\": \" entity \", \"value\": \"Todo\"}]}", "Hi", 1)]
    [InlineData("{\"reply\": \"Hi\", \"proposals\": [{\"category\": \"x\", \"key\": \"k\", \"value\": \"a\"}, {\"category\": \"x\", \"key\": \"k\", \"value\": \"b\"}]}", "Hi", 1)]
    [InlineData("{\"reply\": \"Hi\\u0000\", \"proposals\": \"none\"}", "Hi\uFFFD", 0)]
    public void Replies_are_read_leniently(string answer, string reply, int proposals)
    {
        var parsed = ModelReply.Parse(answer);
        Assert.Equal(reply, parsed.Reply);
        Assert.Equal(proposals, parsed.Proposals.Count);
        Assert.DoesNotContain(ModelReply.NotJsonWarning, parsed.Warnings);
    }

    [Fact]
    public void Proposals_are_normalised_defaulted_and_the_last_of_a_repeated_key_wins()
    {
        var parsed = ModelReply.Parse("""
            {"reply": "ok", "proposals": [
              {"category": "Data Model", "key": " entity ", "value": "Todo", "confidence": 7},
              {"category": "x", "key": "k", "value": "a"}, {"category": "x", "key": "k", "value": "b"}]}
            """);
        Assert.Equal(new ProposedSpecification("data_model", "entity", "Todo", 1, ""), parsed.Proposals[0]);
        Assert.Equal(("b", ModelReply.DefaultConfidence), (parsed.Proposals[1].Value, parsed.Proposals[1].Confidence));
    }

    [Theory]
    [InlineData("Hello from the fake")]
    [InlineData("{\"answer\": \"no reply field\"}")]
    [InlineData("{\"reply\": 42}")]
    [InlineData("{\"reply\": \"unterminated")]
    public void An_answer_without_a_reply_string_keeps_its_text_with_a_warning(string answer)
    {
        var parsed = ModelReply.Parse(answer);
        Assert.Equal(answer, parsed.Reply);
        Assert.Empty(parsed.Proposals);
        Assert.Equal([ModelReply.NotJsonWarning], parsed.Warnings);
    }

    [Fact]
    public void A_models_question_is_read_with_its_options_and_a_single_option_becomes_a_free_question()
    {
        var question = QuestionReply.Parse(FakeScenarios.SocraticQuestionJson, "security")!;
        Assert.Equal(("security", "authentication", 2, 1, QuestionSources.Model),
            (question.Category, question.Key, question.Options.Count, question.Recommended, question.Source));

        var single = QuestionReply.Parse("""{"key": "k", "question": "Q?", "options": [{"label": "a", "value": "b"}], "recommended": 0}""", "api")!;
        Assert.Equal((0, (int?)null), (single.Options.Count, single.Recommended));
        Assert.Null(QuestionReply.Parse("""{"key": "", "question": "Q?"}""", "api"));
        Assert.Null(QuestionReply.Parse("no json", "api"));
    }

    [Fact]
    public void Built_in_questions_skip_keys_already_taken_and_then_ask_openly()
    {
        var builtin = new BuiltinQuestions();
        Assert.All(builtin.All.Where(q => q.Options.Count > 0), q => Assert.InRange(q.Options.Count, StoredQuestion.MinOptions, StoredQuestion.MaxOptions));
        Assert.All(Api.Projects.Maturity.CoreCategories, c => Assert.True(builtin.All.First(q => q.Category == c).Options.Count > 0, c));
        var keys = builtin.All.Where(q => q.Category == "api").Select(q => q.Key).ToHashSet();
        Assert.Equal("notes_1", builtin.For("api", keys).Key);
        Assert.Equal("versioning", builtin.For("api", new HashSet<string> { "style" }).Key);
    }

    [Fact]
    public void OpenAi_models_are_counted_exactly_and_others_with_the_documented_margin()
    {
        var counter = new TokenCounter();
        const string text = "Socrates asks the next best question about the weakest part of a specification.";
        var exact = counter.Count("openai", "gpt-5-mini", text);
        Assert.InRange(exact, 10, 25);
        Assert.Equal((int)Math.Ceiling(exact * (1 + TokenCounter.OtherModelsMargin)), counter.Count("claude", "claude-sonnet-4-5", text));
    }
}
