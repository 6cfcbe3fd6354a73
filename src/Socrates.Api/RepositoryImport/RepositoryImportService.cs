using Socrates.Api.GitHub;

namespace Socrates.Api.RepositoryImport;

/// <summary>
/// One import from start to end, for the API's request and the web app's background import alike: the analysis,
/// the project it becomes, and with use_llm the model's reading of the README.
/// </summary>
public sealed class RepositoryImportService(RepositoryAnalysisService analyzer, RepositoryImporter importer, ReadmeSpecifications readme)
{
    /// <param name="progress">Told each stage as it begins; its calls come from whichever thread runs the import.</param>
    public async Task<ImportRepositoryResponse> ImportAsync(
        Guid userId, ImportRepositoryRequest request, IProgress<ImportStage>? progress, CancellationToken ct)
    {
        progress?.Report(ImportStage.Fetching);
        var analysis = await analyzer.AnalyzeAsync(userId, request.RepoUrl!, request.Ref, () => progress?.Report(ImportStage.Analysing), ct);
        var project = importer.NewProject(userId, analysis, request.ProjectName);
        LlmProposal? proposal = null;
        if (request.UseLlm == true)
        {
            progress?.Report(ImportStage.ReadingReadme);
            proposal = await readme.ProposeAsync(userId, project, analysis, ct);
        }

        progress?.Report(ImportStage.Saving);
        return await importer.ImportAsync(project, analysis, proposal, ct);
    }
}
