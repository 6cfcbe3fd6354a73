using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Http;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;
using Socrates.Api.Tests.Infrastructure;
using Socrates.Api.Workspace.Conversations;
using Socrates.Api.Workspace.Proposals;

namespace Socrates.Api.Tests.Persistence;

/// <summary>Rows written by SQL built from the model read back through EF as they were written, all or nothing.</summary>
public abstract class RowWritesTests(SocratesApp app) : ApiTest(app)
{
    private static readonly DateTime Written = new(2026, 12, 4, 21, 7, 3, 123, DateTimeKind.Utc);

    [Fact]
    public async Task Rows_read_back_through_ef_with_every_column_as_written_and_the_updated_row_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        var conversation = await ConversationAsync(ct);
        var question = Message(conversation, 1, "Which database?");
        question.Question = "{\"category\":\"architecture\"}";
        var answer = Message(conversation, 2, "PostgreSQL, \"quoted\"; and a semicolon");
        (answer.AnswersId, answer.Provider, answer.Model, answer.InputTokens, answer.OutputTokens, answer.CostNanos) =
            (question.Id, "openai", "gpt-5-mini", 1_234, 56, 7_890_000_000_000L);
        var proposals = new[] { Proposal(conversation, answer, "database", 0.75), Proposal(conversation, answer, "hosting", 0.5) };
        conversation.UpdatedAt = Written.AddMinutes(5);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
            await new RowWrites(db).Insert([question, answer]).Insert(proposals).Update(conversation, nameof(Conversation.UpdatedAt)).ExecuteAsync(ct);
        }

        await using var read = App.Services.CreateAsyncScope();
        var specs = read.ServiceProvider.GetRequiredService<SpecsDb>();
        var messages = await specs.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == conversation.Id).OrderBy(m => m.Seq).ToListAsync(ct);
        Assert.Equivalent(new[] { question, answer }, messages, strict: true);
        Assert.All(messages, m => Assert.Equal(DateTimeKind.Utc, m.CreatedAt.Kind));
        var stored = await specs.Set<Proposal>().AsNoTracking().Where(p => p.MessageId == answer.Id).OrderBy(p => p.Key).ToListAsync(ct);
        Assert.Equivalent(proposals, stored, strict: true);
        Assert.Equal(Written.AddMinutes(5), (await specs.Set<Conversation>().AsNoTracking().SingleAsync(c => c.Id == conversation.Id, ct)).UpdatedAt);
    }

    [Fact]
    public async Task A_statement_that_fails_leaves_nothing_of_the_statements_before_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var conversation = await ConversationAsync(ct);
        var first = Message(conversation, 1, "kept?");
        var proposal = Proposal(conversation, first, "database", 1);
        var clash = Message(conversation, 1, "same place");
        conversation.UpdatedAt = Written.AddHours(1);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();

        var failed = await Assert.ThrowsAnyAsync<DbException>(() =>
            new RowWrites(db).Insert([first]).Insert([proposal]).Update(conversation, nameof(Conversation.UpdatedAt)).Insert([clash]).ExecuteAsync(ct));

        Assert.True(failed.IsUniqueViolation(), failed.Message);
        Assert.False(await db.Set<ConversationMessage>().AnyAsync(m => m.ConversationId == conversation.Id, ct));
        Assert.False(await db.Set<Proposal>().AnyAsync(p => p.Id == proposal.Id, ct));
        Assert.Equal(Written, (await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.Id == conversation.Id, ct)).UpdatedAt);
    }

    private async Task<Conversation> ConversationAsync(CancellationToken ct)
    {
        _ = App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpecsDb>();
        var project = new Project { Id = Guid.CreateVersion7(), OwnerId = Guid.CreateVersion7(), Name = "Rows", CreatedAt = Written, UpdatedAt = Written };
        var conversation = new Conversation { Id = Guid.CreateVersion7(), ProjectId = project.Id, Title = "Rows", CreatedAt = Written, UpdatedAt = Written };
        db.AddRange(project, conversation);
        await db.SaveChangesAsync(ct);
        return conversation;
    }

    private static ConversationMessage Message(Conversation conversation, int seq, string content) => new()
    {
        Id = Guid.CreateVersion7(), ConversationId = conversation.Id, Seq = seq, Role = MessageRoles.User, Content = content, CreatedAt = Written.AddSeconds(seq),
    };

    private static Proposal Proposal(Conversation conversation, ConversationMessage message, string key, double confidence) => new()
    {
        Id = Guid.CreateVersion7(), ProjectId = conversation.ProjectId, MessageId = message.Id, Category = "technical", Key = key, Value = $"{key} value",
        Confidence = confidence, Rationale = "because", CreatedAt = Written,
    };
}

public sealed class RowWritesOnSqlite(SqliteApp app) : RowWritesTests(app);

public sealed class RowWritesOnPostgres(PostgresApp app) : RowWritesTests(app);
