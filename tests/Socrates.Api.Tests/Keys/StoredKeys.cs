using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socrates.Api.Keys;
using Socrates.Api.Persistence;
using Socrates.Api.Tests.Infrastructure;

namespace Socrates.Api.Tests.Keys;

/// <summary>API keys stored through the real endpoint, and their rows changed behind the server's back.</summary>
internal static class StoredKeys
{
    public static string NewKey(string prefix = "sk-proj-") => $"{prefix}{Guid.NewGuid():N}{Guid.NewGuid():N}";

    public static async Task<JsonElement> AddKeyAsync(UserSession user, string provider, string key, string? label = null) =>
        await (await user.Client.PostJsonAsync("/api/v1/llm/api-keys", new { provider, api_key = key, label })).ExpectAsync(HttpStatusCode.Created);

    /// <summary>Changes a stored row as another server instance would, then drops this server's cached copy so it sees the change.</summary>
    public static async Task EditRowAsync(SocratesApp app, Guid id, Action<ApiKey> edit)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDb>();
        var row = await db.Set<ApiKey>().SingleAsync(k => k.Id == id);
        edit(row);
        Assert.Equal(1, await db.SaveChangesAsync());
        app.Services.GetRequiredService<SealedKeyCache>().Keys.Invalidate(row.UserId);
    }

    public static byte[] Flipped(byte[] value)
    {
        var copy = value.ToArray();
        copy[0] ^= 0x01;
        return copy;
    }
}
