// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote shell variable syntax
import { describe, expect, test } from 'vitest';
import { evaluateMakefiles } from '../../../../src/discover/make/index.js';
import { dedent } from '../../../helpers/testdir.js';

/** Evaluates the makefiles of an in-memory tree; Dockerfiles are every path named like one. */
function evaluate(tree: Record<string, string>) {
  const makefiles = Object.keys(tree).filter((f) => /(?:^|\/)(?:GNUmakefile|[Mm]akefile)$|\.mk$/.test(f));
  return evaluateMakefiles(makefiles, {
    read: (rel) => tree[rel],
    exists: (rel) => rel in tree,
  });
}

const brief = (r: ReturnType<typeof evaluate>) =>
  r.definitions.map((d) => ({
    dockerfile: d.dockerfile,
    context: d.context,
    tags: d.tags,
    args: d.args,
    at: `${d.origin.file}:${d.origin.line}`,
  }));

describe('Makefile evaluation', () => {
  test('pattern rule, target-specific defaults and a build-all list in order', () => {
    const r = evaluate({
      Makefile: dedent(`
        REGISTRY ?= quay.io
        OWNER ?= acme
        IMG = $(REGISTRY)/$(OWNER)/$(notdir $@)
        ALL := base \\
          jupyter
        help:
        \t@echo "make build-all"
        build/%: PYVER ?= 3.12
        build/%:
        \tdocker build --tag "$(IMG)" "./images/$(notdir $@)" --build-arg PYVER="$(PYVER)" --build-arg OWNER="$(OWNER)"
        build-all: $(foreach I,$(ALL),build/$(I))
      `),
      'images/base/Dockerfile': 'FROM debian\n',
      'images/jupyter/Dockerfile': 'ARG OWNER=x\nFROM $OWNER/base\n',
    });
    expect(brief(r)).toEqual([
      {
        dockerfile: 'images/base/Dockerfile',
        context: 'images/base',
        tags: ['quay.io/acme/base'],
        args: { PYVER: '3.12', OWNER: 'acme' },
        at: 'Makefile:10',
      },
      {
        dockerfile: 'images/jupyter/Dockerfile',
        context: 'images/jupyter',
        tags: ['quay.io/acme/jupyter'],
        args: { PYVER: '3.12', OWNER: 'acme' },
        at: 'Makefile:10',
      },
    ]);
    expect(r.definitions[0]!.tagOrigins).toEqual({
      'quay.io/acme/base': { file: 'Makefile', line: 10 },
    });
  });

  test('every flavour of assignment, override and conditionals', () => {
    const r = evaluate({
      Makefile: dedent(`
        A = one
        B := $(A)
        A = two
        C ?= three
        C ?= four
        D := x
        D += y
        override E = fixed
        ifeq ($(A),two)
        CUDA := 12.8
        else
        CUDA := 11.8
        endif
        ifdef NOPE
        CUDA := none
        endif
        define LONG
        multi
        endef
        all:
        \tdocker build -t app:$(CUDA) --build-arg A=$(A) --build-arg B=$(B) --build-arg C=$(C) --build-arg D="$(D)" --build-arg E=$(E) .
      `),
      Dockerfile: 'FROM x\n',
    });
    expect(brief(r)[0]).toMatchObject({
      tags: ['app:12.8'],
      args: { A: 'two', B: 'one', C: 'three', D: 'x y', E: 'fixed' },
    });
  });

  test('per-folder makefiles include a shared file; a parent tag is passed as a build arg; recursive make', () => {
    const r = evaluate({
      Makefile: dedent(`
        REGISTRY := registry.local
        TAG := v1
        export REGISTRY TAG
        all: base jupyter
        base:
        \t$(MAKE) -C images/base
        jupyter: base
        \tcd images/jupyter && $(MAKE) build
      `),
      'images/common.mk': dedent(`
        IMAGE ?= $(notdir $(CURDIR))
        build:
        \tdocker build -t $(REGISTRY)/$(IMAGE):$(TAG) $(if $(BASE_IMAGE),--build-arg BASE_IMG=$(BASE_IMAGE)) .
      `),
      'images/base/Makefile': 'include ../common.mk\n',
      'images/base/Dockerfile': 'FROM debian\n',
      'images/jupyter/Makefile': dedent(`
        BASE_IMAGE := $(REGISTRY)/base:$(TAG)
        include ../common.mk
      `),
      'images/jupyter/Dockerfile': 'ARG BASE_IMG=non-existing\nFROM $BASE_IMG\n',
    });
    expect(brief(r)).toEqual([
      {
        dockerfile: 'images/base/Dockerfile',
        context: 'images/base',
        tags: ['registry.local/base:v1'],
        args: {},
        at: 'images/common.mk:3',
      },
      {
        dockerfile: 'images/jupyter/Dockerfile',
        context: 'images/jupyter',
        tags: ['registry.local/jupyter:v1'],
        args: { BASE_IMG: 'registry.local/base:v1' },
        at: 'images/common.mk:3',
      },
    ]);
    expect(r.definitions[1]!.argOrigins).toEqual({ BASE_IMG: { file: 'images/common.mk', line: 3 } });
  });

  test('$(shell ...) is reported; the run-time part becomes a stable word shared by tag and build arg', () => {
    const r = evaluate({
      Makefile: dedent(`
        SHA := $(shell git rev-parse --short HEAD)
        build:
        \tdocker build -t acme/app:$(SHA) -t acme/app:latest --build-arg BASE=acme/base:$(SHA) app
      `),
      'app/Dockerfile': 'FROM x\n',
    });
    expect(brief(r)).toEqual([
      {
        dockerfile: 'app/Dockerfile',
        context: 'app',
        tags: ['acme/app:unresolved-shell-git-rev-parse-short-head', 'acme/app:latest'],
        args: { BASE: 'acme/base:unresolved-shell-git-rev-parse-short-head' },
        at: 'Makefile:3',
      },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.message])).toEqual([
      [
        'STRATA_MAKE_UNRESOLVED',
        'Makefile',
        3,
        "$(shell git rev-parse --short HEAD) is not evaluated (a scan never runs the repository's code); it stands as unresolved-shell-git-rev-parse-short-head in tags and build args",
      ],
    ]);
  });

  test('static pattern rules, $*, $< and a loop in the recipe', () => {
    const r = evaluate({
      Makefile: dedent(`
        VARIANTS = cpu cuda
        $(VARIANTS:%=image-%): image-%: docker/%.Dockerfile
        \tdocker build -f $< -t app:$* .
        loop:
        \tfor v in $(VARIANTS); do docker build -f docker/$$v.Dockerfile -t loop:$$v . ; done
      `),
      'docker/cpu.Dockerfile': 'FROM x\n',
      'docker/cuda.Dockerfile': 'FROM y\n',
    });
    expect(brief(r).map((d) => `${d.dockerfile} ${d.tags.join(',')}`)).toEqual([
      'docker/cpu.Dockerfile app:cpu',
      'docker/cuda.Dockerfile app:cuda',
      'docker/cpu.Dockerfile loop:cpu',
      'docker/cuda.Dockerfile loop:cuda',
    ]);
  });

  test('$(eval $(call ...)) generated rules and target-specific variables inherited by prerequisites', () => {
    const r = evaluate({
      Makefile: dedent(`
        define IMAGE_RULE
        build-$(1):
        \tdocker build -t acme/$(1):$$(FLAVOR) $(1)
        endef
        $(foreach i,a b,$(eval $(call IMAGE_RULE,$(i))))
        gpu: FLAVOR := cuda
        gpu: build-a
      `),
      'a/Dockerfile': 'FROM x\n',
      'b/Dockerfile': 'FROM x\n',
    });
    expect(brief(r).map((d) => d.tags[0])).toEqual(['acme/a:', 'acme/b:', 'acme/a:cuda']);
  });
});

describe('what a scan reads without running anything', () => {
  test('$(shell cat VERSION) is the file of the repository', () => {
    const r = evaluate({
      Makefile: 'VERSION := $(shell cat VERSION)\nbuild:\n\tdocker build -t acme/app:$(VERSION) app\n',
      VERSION: '0.33.1\n',
      'app/Dockerfile': 'FROM x\n',
    });
    expect(r.definitions.map((d) => d.tags)).toEqual([['acme/app:0.33.1']]);
    expect(r.diagnostics).toEqual([]);
  });
});
