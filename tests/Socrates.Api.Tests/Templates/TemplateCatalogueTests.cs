using Socrates.Api.Projects;
using Socrates.Api.Templates;

namespace Socrates.Api.Tests.Templates;

public sealed class TemplateCatalogueTests
{
    private static readonly TemplateCatalogue Catalogue = TemplateCatalogue.Load(TemplateCatalogue.DefaultFolder);

    [Fact]
    public void At_least_six_built_in_templates_ship_with_unique_ids()
    {
        Assert.True(Catalogue.BuiltIn.Count >= 6, $"{Catalogue.BuiltIn.Count} templates");
        Assert.Equal(Catalogue.BuiltIn.Count, Catalogue.BuiltIn.Select(t => t.Id).Distinct().Count());
        Assert.Contains(Catalogue.BuiltIn, t => t.Id == "rest-api-service");
        Assert.Contains(Catalogue.BuiltIn, t => t.Id == "ml-service");
    }

    [Fact]
    public void Every_template_is_complete_and_would_be_accepted_as_specifications()
    {
        Assert.All(Catalogue.BuiltIn, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Name));
            Assert.False(string.IsNullOrWhiteSpace(t.Description));
            Assert.NotEmpty(t.OpenQuestions);
            Assert.True(t.Specifications.Count >= 8, $"{t.Id} has {t.Specifications.Count} specifications");
            Assert.Equal(t.Specifications.Count, t.Specifications.Select(s => (s.Category, s.Key)).Distinct().Count());
            Assert.All(t.Specifications, s => Assert.InRange(s.Confidence, 0.01, 1));
            Assert.All(t.Specifications, s => Assert.False(string.IsNullOrWhiteSpace(s.Value)));
            Assert.Equal(t.Specifications.Select(s => s.Category).Distinct().Order(), t.Categories.Order());
        });
    }

    [Fact]
    public void Templates_use_the_core_categories_so_maturity_moves()
    {
        Assert.All(Catalogue.BuiltIn, t =>
        {
            Assert.All(t.Categories, c => Assert.Contains(c, Maturity.CoreCategories));
            Assert.True(t.Categories.Count >= 8, $"{t.Id} covers {t.Categories.Count} core categories");
        });
    }
}
