using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Workspace.Conversations;

public static class MessageRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
}

/// <summary>
/// One turn of a conversation. An assistant message made by a model keeps what it cost; a question keeps its
/// structured form (<see cref="Question"/>); a user's answer to a question points at it (<see cref="AnswersId"/>),
/// which is what the exports' clarifications log is read from.
/// </summary>
public sealed class ConversationMessage
{
    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }

    /// <summary>
    /// The message's place in its conversation. Creation times can tie (and version 7 ids are random within a
    /// millisecond), so order comes from this number, unique per conversation.
    /// </summary>
    public int Seq { get; set; }

    public required string Role { get; set; }
    public required string Content { get; set; }
    public DateTime CreatedAt { get; set; }

    public string? Provider { get; set; }
    public string? Model { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }

    /// <summary>Null when no model was paid for the message, or its model has no price.</summary>
    public long? CostNanos { get; set; }

    /// <summary>A question's structured form as JSON (<see cref="Questions.StoredQuestion"/>); null for any other message.</summary>
    public string? Question { get; set; }

    /// <summary>The question this user message answers.</summary>
    public Guid? AnswersId { get; set; }
}

public sealed class ConversationMessageConfiguration : IEntityTypeConfiguration<ConversationMessage>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<ConversationMessage> builder)
    {
        builder.ToTable("conversation_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Role).HasMaxLength(16).IsRequired();
        builder.Property(m => m.Content).IsRequired();
        builder.Property(m => m.Provider).HasMaxLength(32);
        builder.Property(m => m.Model).HasMaxLength(128);
        builder.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique();
        // One answer per question: of two racing answers, the second is refused.
        builder.HasIndex(m => m.AnswersId).IsUnique();
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
