using Socrates.Analysis;
using Socrates.Analysis.Manifests;

namespace Socrates.Api.Tests.GitHub;

/// <summary>Each manifest format, parsed, and the frameworks its dependencies point to.</summary>
public sealed class ManifestTests
{
    private static RepositoryAnalysis Analyze(string path, string content) =>
        LanguageDetectionTests.Analyze(new() { [path] = content });

    private static DetectedFramework Framework(RepositoryAnalysis analysis, string name) =>
        analysis.Frameworks.SingleOrDefault(f => f.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"{name} not found; found {string.Join(", ", analysis.Frameworks.Select(f => f.Name))}; warnings: {string.Join("; ", analysis.Warnings)}");

    private static Dependency Dependency(RepositoryAnalysis analysis, string name) =>
        analysis.Manifests.SelectMany(m => m.Dependencies).Single(d => d.Name == name);

    [Fact]
    public void Package_json_dependencies_and_dev_dependencies()
    {
        var analysis = Analyze("web/package.json", """
            { "name": "web", "packageManager": "pnpm@9.1.0",
              "dependencies": { "next": "14.2.0", "react": "^18", "@prisma/client": "5.0.0" },
              "devDependencies": { "vitest": "^1.0.0", "@testing-library/react": "^14" } }
            """);

        Assert.Equal("web/package.json", Framework(analysis, "Next.js").Evidence[0].File);
        Assert.Equal("next", Framework(analysis, "Next.js").Evidence[0].Dependency);
        Assert.Equal("14.2.0", Framework(analysis, "Next.js").Evidence[0].Version);
        Assert.Equal(0.9, Framework(analysis, "Prisma").Confidence);
        Assert.Equal(0.9, Framework(analysis, "Vitest").Confidence); // a test tool is a dev dependency by nature
        Assert.True(Dependency(analysis, "vitest").Development);
        Assert.Contains("pnpm", analysis.PackageManagers);
        Assert.Contains("Testing Library", analysis.Tests.Frameworks);
    }

    [Fact]
    public void A_runtime_framework_only_in_dev_dependencies_counts_less()
    {
        var analysis = Analyze("package.json", """{ "devDependencies": { "express": "4" } }""");
        Assert.Equal(0.6, Framework(analysis, "Express").Confidence);
    }

    [Fact]
    public void Requirements_files_with_pins_extras_markers_and_options()
    {
        var analysis = LanguageDetectionTests.Analyze(new()
        {
            ["requirements.txt"] = "# web\n-r base.txt\n--index-url https://pypi.example/simple\nDjango>=4.2,<5 ; python_version >= '3.10'\nfastapi[all]==0.110.0  # api\nNumPy\n\\\n",
            ["requirements-dev.txt"] = "pytest==8.0\n",
        });

        Assert.Equal(">=4.2,<5", Dependency(analysis, "django").Version);
        Assert.Equal("==0.110.0", Dependency(analysis, "fastapi").Version);
        Assert.NotNull(Framework(analysis, "NumPy"));
        Assert.True(Dependency(analysis, "pytest").Development);
        Assert.Contains("pytest", analysis.Tests.Frameworks);
    }

    [Fact]
    public void Pyproject_pep_621_groups_and_poetry()
    {
        var pep621 = Analyze("pyproject.toml", """
            [project]
            name = "svc"
            dependencies = ["flask>=3", "SQLAlchemy[asyncio]~=2.0"]
            [project.optional-dependencies]
            test = ["pytest"]
            [dependency-groups]
            dev = ["ruff"]
            [tool.uv]
            """);
        Assert.NotNull(Framework(pep621, "Flask"));
        Assert.NotNull(Framework(pep621, "SQLAlchemy"));
        Assert.True(Dependency(pep621, "ruff").Development);
        Assert.Contains("uv", pep621.PackageManagers);

        var poetry = Analyze("pyproject.toml", """
            [tool.poetry.dependencies]
            python = "^3.11"
            Django = "^5.0"
            [tool.poetry.group.test.dependencies]
            pytest = "^8"
            """);
        Assert.NotNull(Framework(poetry, "Django"));
        Assert.DoesNotContain(poetry.Manifests.Single().Dependencies, d => d.Name == "python");
        Assert.Contains("poetry", poetry.PackageManagers);
    }

    [Fact]
    public void Pipfile_setup_py_and_setup_cfg()
    {
        var analysis = LanguageDetectionTests.Analyze(new()
        {
            ["Pipfile"] = "[packages]\nrequests = \"*\"\ntornado = {version = \">=6\"}\n[dev-packages]\npytest = \"*\"\n",
            ["setup.py"] = "from setuptools import setup\nsetup(\n  name='x',\n  install_requires=[\n    'pandas>=2',  # data\n    \"scikit-learn\",\n  ],\n  extras_require={'test': ['hypothesis']},\n)\n",
            ["setup.cfg"] = "[metadata]\nname = x\n[options]\ninstall_requires =\n    celery>=5\n    click\n",
        });

        Assert.NotNull(Framework(analysis, "Tornado"));
        Assert.NotNull(Framework(analysis, "pandas"));
        Assert.NotNull(Framework(analysis, "scikit-learn"));
        Assert.NotNull(Framework(analysis, "Hypothesis"));
        Assert.NotNull(Framework(analysis, "Celery"));
        Assert.DoesNotContain(analysis.Manifests.SelectMany(m => m.Dependencies), d => d.Name == "test");
        Assert.Contains("pipenv", analysis.PackageManagers);
    }

    [Fact]
    public void Go_mod_require_lines_and_blocks()
    {
        var analysis = Analyze("go.mod", """
            module example.com/svc

            go 1.22

            require github.com/gin-gonic/gin v1.9.1

            require (
                gorm.io/gorm v1.25.0
                github.com/stretchr/testify v1.9.0 // indirect
            )
            """);

        Assert.Equal("v1.9.1", Framework(analysis, "Gin").Evidence[0].Version);
        Assert.NotNull(Framework(analysis, "GORM"));
        Assert.True(Dependency(analysis, "github.com/stretchr/testify").Development);
    }

    [Fact]
    public void Cargo_toml_tables_and_renamed_packages()
    {
        var analysis = Analyze("Cargo.toml", """
            [package]
            name = "svc"
            [dependencies]
            axum = "0.7"
            tokio = { version = "1", features = ["full"] }
            web = { package = "actix-web", version = "4" }
            [dev-dependencies]
            criterion = "0.5"
            """);

        Assert.NotNull(Framework(analysis, "Axum"));
        Assert.NotNull(Framework(analysis, "Actix Web"));
        Assert.Equal("1", Dependency(analysis, "tokio").Version);
        Assert.True(Dependency(analysis, "criterion").Development);
    }

    [Fact]
    public void Pom_xml_dependencies_parent_and_test_scope()
    {
        var analysis = Analyze("pom.xml", """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>
              <dependencies>
                <dependency><groupId>org.hibernate.orm</groupId><artifactId>hibernate-core</artifactId></dependency>
                <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
              </dependencies>
            </project>
            """);

        Assert.NotNull(Framework(analysis, "Spring Boot"));
        Assert.NotNull(Framework(analysis, "Hibernate"));
        Assert.True(Dependency(analysis, "org.junit.jupiter:junit-jupiter").Development);
        Assert.Contains("JUnit", analysis.Tests.Frameworks);
    }

    [Theory]
    [InlineData("build.gradle", "plugins {\n  id 'com.android.application'\n}\ndependencies {\n  implementation 'io.ktor:ktor-server-core:2.3.0'\n  testImplementation group: 'org.mockito', name: 'mockito-core'\n}\n")]
    [InlineData("build.gradle.kts", "plugins {\n  id(\"com.android.application\") version \"8.2.0\"\n}\ndependencies {\n  implementation(\"io.ktor:ktor-server-core:2.3.0\")\n  testImplementation(\"org.mockito:mockito-core:5.0.0\")\n}\n")]
    public void Gradle_groovy_and_kotlin_scripts(string file, string content)
    {
        var analysis = Analyze(file, content);
        Assert.NotNull(Framework(analysis, "Android"));
        Assert.NotNull(Framework(analysis, "Ktor"));
        Assert.True(Dependency(analysis, "org.mockito:mockito-core").Development);
    }

    [Fact]
    public void Csproj_and_central_package_versions()
    {
        var analysis = LanguageDetectionTests.Analyze(new()
        {
            ["src/Api/Api.csproj"] = "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"Dapper\" /></ItemGroup></Project>",
            ["tests/Api.Tests/Api.Tests.csproj"] = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup><ItemGroup><PackageReference Include=\"NUnit\" /></ItemGroup></Project>",
            ["Directory.Packages.props"] = "<Project><ItemGroup><PackageVersion Include=\"Dapper\" Version=\"2.1.0\" /><PackageVersion Include=\"NUnit\" Version=\"4.0.0\" /></ItemGroup></Project>",
        });

        Assert.Equal("src/Api/Api.csproj", Framework(analysis, "ASP.NET Core").Evidence[0].File);
        Assert.Equal(0.95, Framework(analysis, "Dapper").Confidence); // two manifests agree
        Assert.Contains("NUnit", analysis.Tests.Frameworks);
        Assert.Equal(["tests"], analysis.Tests.Directories);
    }

    [Fact]
    public void Gemfile_groups_and_inline_groups()
    {
        var analysis = Analyze("Gemfile", """
            source "https://rubygems.org"
            gem "rails", "~> 7.1"
            gem "sidekiq"
            group :development, :test do
              gem "rspec-rails"
            end
            gem "rubocop", group: :development
            """);

        Assert.Equal("~> 7.1", Framework(analysis, "Ruby on Rails").Evidence[0].Version);
        Assert.True(Dependency(analysis, "rspec-rails").Development);
        Assert.True(Dependency(analysis, "rubocop").Development);
        Assert.False(Dependency(analysis, "sidekiq").Development);
        Assert.Contains("RSpec", analysis.Tests.Frameworks);
    }

    [Fact]
    public void Composer_json_without_platform_requirements()
    {
        var analysis = Analyze("composer.json", """
            { "require": { "php": ">=8.2", "ext-json": "*", "laravel/framework": "^11.0" },
              "require-dev": { "phpunit/phpunit": "^11" } }
            """);

        Assert.NotNull(Framework(analysis, "Laravel"));
        Assert.Contains("PHPUnit", analysis.Tests.Frameworks);
        Assert.DoesNotContain(analysis.Manifests.Single().Dependencies, d => d.Name == "php");
    }

    [Fact]
    public void A_malformed_manifest_is_a_warning_not_a_failure()
    {
        var analysis = LanguageDetectionTests.Analyze(new()
        {
            ["package.json"] = "{ this is not json",
            ["Cargo.toml"] = "[dependencies\naxum = ",
            ["main.rs"] = "fn main() {}\n",
        });

        Assert.Equal(2, analysis.Warnings.Count);
        Assert.Equal("Rust", Assert.Single(analysis.Languages).Name);
    }

    [Fact]
    public void Manifests_under_vendored_folders_are_not_read()
    {
        var analysis = Analyze("node_modules/express/package.json", """{ "dependencies": { "react": "18" } }""");
        Assert.Empty(analysis.Frameworks);
    }

    [Fact]
    public void The_rules_file_covers_at_least_sixty_frameworks_across_categories()
    {
        var rules = FrameworkRules.Default.Rules;
        Assert.True(rules.Count >= 60, $"{rules.Count} rules");
        foreach (var category in new[] { "web", "orm", "testing", "ui", "mobile", "data_ml" })
        {
            Assert.Contains(rules, r => r.Category == category);
        }

        Assert.Equal(rules.Count, rules.Select(r => r.Name).Distinct().Count());
    }
}
