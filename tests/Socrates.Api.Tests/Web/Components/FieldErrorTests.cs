using Bunit;
using Socrates.Api.Http;
using Socrates.Api.Web.Components;

namespace Socrates.Api.Tests.Web.Components;

public sealed class FieldErrorTests : IDisposable
{
    private readonly BunitContext _context = new();

    [Fact]
    public void A_fields_problem_is_an_alert_with_the_id_its_control_points_to()
    {
        var problems = new FieldProblems();
        problems.Show(new ProblemException(409, "Conflict", "A project with this name already exists."), "name");

        var shown = _context.Render<FieldError>(p => p.Add(e => e.Problems, problems).Add(e => e.Field, "name"));

        var message = shown.Find("p");
        Assert.Equal("name-error", message.Id);
        Assert.Equal("alert", message.GetAttribute("role"));
        Assert.Equal("A project with this name already exists.", message.TextContent);
        Assert.Equal("name-error", problems.DescribedBy("name"));
        Assert.Equal("true", problems.Invalid("name"));
    }

    [Fact]
    public void A_field_without_a_problem_renders_nothing_and_its_control_points_nowhere()
    {
        var problems = new FieldProblems();
        problems.Show(new Validator().Add("email", "'email' is required."));

        var shown = _context.Render<FieldError>(p => p.Add(e => e.Problems, problems).Add(e => e.Field, "name"));

        Assert.Empty(shown.Markup.Trim());
        Assert.Null(problems.DescribedBy("name"));
        Assert.Null(problems.Invalid("name"));
        Assert.Equal("email-error", problems.DescribedBy("email"));
    }

    public void Dispose() => _context.Dispose();
}
