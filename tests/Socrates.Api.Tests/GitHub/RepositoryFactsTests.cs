using Socrates.Analysis;

namespace Socrates.Api.Tests.GitHub;

public sealed class RepositoryFactsTests
{
    [Fact]
    public void Ci_systems_containers_and_kubernetes_are_found()
    {
        var analysis = LanguageDetectionTests.Analyze(new()
        {
            [".github/workflows/ci.yml"] = "on: push\n",
            [".github/workflows/release.yaml"] = "on: tag\n",
            [".gitlab-ci.yml"] = "test:\n  script: make\n",
            [".circleci/config.yml"] = "version: 2.1\n",
            ["azure-pipelines.yml"] = "trigger: [main]\n",
            ["Jenkinsfile"] = "pipeline {}\n",
            [".travis.yml"] = "language: go\n",
            ["bitbucket-pipelines.yml"] = "pipelines: {}\n",
            ["Dockerfile"] = "FROM alpine\n",
            ["deploy/api.Dockerfile"] = "FROM alpine\n",
            ["docker-compose.yml"] = "services: {}\n",
            ["k8s/deployment.yaml"] = "kind: Deployment\n",
        });

        Assert.Equal(
            ["Azure Pipelines", "Bitbucket Pipelines", "CircleCI", "GitHub Actions", "GitLab CI", "Jenkins", "Travis CI"],
            analysis.Ci.Select(c => c.Name));
        Assert.Equal(2, analysis.Ci.Single(c => c.Name == "GitHub Actions").Files.Count);
        Assert.Equal(["Dockerfile", "deploy/api.Dockerfile"], analysis.Containers.Dockerfiles);
        Assert.Equal(["docker-compose.yml"], analysis.Containers.ComposeFiles);
        Assert.Equal(["k8s/deployment.yaml"], analysis.Containers.Kubernetes);
        var deployment = analysis.Specifications.Where(s => s.Category == "deployment").Select(s => s.Key).ToList();
        Assert.Equal(["ci", "containers"], deployment);
    }

    [Theory]
    [InlineData("LICENSE", "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/", "Apache-2.0")]
    [InlineData("LICENSE.md", "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007", "GPL-3.0")]
    [InlineData("COPYING", "GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999", "LGPL-2.1")]
    [InlineData("LICENCE.txt", "Redistribution and use in source and binary forms, with or without modification...\n3. Neither the name of the copyright holder", "BSD-3-Clause")]
    [InlineData("LICENSE", "Redistribution and use in source and binary forms, with or without modification, are permitted", "BSD-2-Clause")]
    [InlineData("UNLICENSE", "This is free and unencumbered software released into the public domain.", "Unlicense")]
    [InlineData("LICENSE", "SPDX-License-Identifier: MPL-2.0\n", "MPL-2.0")]
    [InlineData("LICENSE", "Permission is hereby\n  granted, free of charge, to any person... THE SOFTWARE IS PROVIDED \"AS IS\"", "MIT")]
    public void The_licence_file_gives_its_spdx_id(string file, string text, string spdx)
    {
        var analysis = LanguageDetectionTests.Analyze(new() { [file] = text });
        Assert.Equal(spdx, analysis.License?.SpdxId);
        Assert.Equal(file, analysis.License?.File);
        Assert.True(analysis.License!.Confidence >= 0.95);
    }

    [Fact]
    public void An_unrecognised_licence_is_reported_with_low_confidence()
    {
        var analysis = LanguageDetectionTests.Analyze(new() { ["LICENSE"] = "All rights reserved. Ask us first." });
        Assert.Null(analysis.License!.SpdxId);
        Assert.True(analysis.License.Confidence < 0.5);
    }

    [Fact]
    public void The_readme_first_paragraph_skips_titles_badges_html_and_code()
    {
        var analysis = LanguageDetectionTests.Analyze(new()
        {
            ["README.md"] = """
                <p align="center"><img src="logo.png"></p>

                # Socrates
                [![Build](https://ci.example/badge.svg)](https://ci.example)
                <!-- a comment
                spanning lines -->

                Socrates turns a **conversation** into a [specification](docs/spec.md)
                that a team can build from.

                ## Install
                """,
        });

        Assert.Equal("Socrates turns a conversation into a specification that a team can build from.", analysis.Description);
        var description = analysis.Specifications.Single(s => s.Key == "description");
        Assert.Equal("overview", description.Category);
    }

    [Fact]
    public void Test_folders_and_test_files_of_many_conventions_are_found()
    {
        var analysis = LanguageDetectionTests.Analyze(new()
        {
            ["tests/test_api.py"] = "def test_x(): pass\n",
            ["pkg/handler_test.go"] = "package pkg\n",
            ["web/src/App.test.tsx"] = "test('x', () => {});\n",
            ["spec/models/user_spec.rb"] = "describe User do; end\n",
            ["src/Api.Tests/ApiTests.cs"] = "class ApiTests {}\n",
            ["src/main/java/App.java"] = "class App {}\n",
            ["src/test/java/AppTest.java"] = "class AppTest {}\n",
        });

        Assert.True(analysis.Tests.HasTests);
        Assert.Equal(6, analysis.Tests.TestFiles);
        Assert.Contains("tests", analysis.Tests.Directories);
        Assert.Contains("spec", analysis.Tests.Directories);
        Assert.Contains("src/test", analysis.Tests.Directories);
        Assert.Contains("src/Api.Tests", analysis.Tests.Directories);
    }

    [Fact]
    public void Specifications_carry_confidences_that_follow_the_evidence()
    {
        var strong = LanguageDetectionTests.Analyze(new()
        {
            ["package.json"] = """{ "dependencies": { "express": "4" }, "devDependencies": { "jest": "29" } }""",
            ["src/app.js"] = "require('express')\n",
            ["src/app.test.js"] = "test('x', () => {})\n",
        });
        var weak = LanguageDetectionTests.Analyze(new()
        {
            ["package.json"] = """{ "devDependencies": { "express": "4" } }""",
            ["src/app.js"] = "1\n",
        });

        double Confidence(RepositoryAnalysis a, string key) => a.Specifications.Single(s => s.Key == key).Confidence;
        Assert.True(Confidence(strong, "framework.express") > Confidence(weak, "framework.express"));
        Assert.True(Confidence(strong, "automated_tests") > Confidence(weak, "automated_tests"));
        Assert.Equal("JavaScript", strong.Specifications.Single(s => s.Key == "primary_language").Value);
        Assert.All(strong.Specifications, s => Assert.InRange(s.Confidence, 0.0, 1.0));
    }

    [Fact]
    public void Symbolic_links_in_a_local_tree_are_not_followed()
    {
        using var repository = TestRepository.Create(new() { ["main.py"] = "print(1)\n" }, commit: false);
        var outside = Directory.CreateTempSubdirectory("socrates-outside-");
        try
        {
            File.WriteAllText(Path.Combine(outside.FullName, "secret.rb"), "puts 'secret'\n");
            Directory.CreateSymbolicLink(Path.Combine(repository.Root, "linked"), outside.FullName);
            File.CreateSymbolicLink(Path.Combine(repository.Root, "passwd.rb"), Path.Combine(outside.FullName, "secret.rb"));

            var analysis = RepositoryAnalyzer.Default.Analyze(repository.Root, new RepositorySource(repository.Root), AnalysisLimits.Default);

            Assert.Equal("Python", Assert.Single(analysis.Languages).Name);
            Assert.Equal(1, analysis.Files.Total);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_tree_over_the_file_limit_is_refused_with_422()
    {
        var files = Enumerable.Range(0, 11).ToDictionary(i => $"f{i}.c", _ => "int x;\n");
        using var repository = TestRepository.Create(files, commit: false);

        var refused = Assert.Throws<RepositoryTooLargeException>(() =>
            RepositoryAnalyzer.Default.Analyze(repository.Root, new RepositorySource(repository.Root), new AnalysisLimits(10, 1_000_000, 1024)));
        Assert.True(refused.TooManyFiles);
        Assert.Equal(10, refused.Limit);
    }
}
