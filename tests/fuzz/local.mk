## tests/fuzz/local.mk - the parser's fuzz harness (tests/fuzz/README.md),
## included by the top Makefile.am after tests/local.mk.
##
## - `make check` runs tests/fuzz/smoke.test: the fuzz target driven by
##   smoke.c, built like the other programs (so with ASan and UBSan under
##   --enable-sanitizers), over the seeds and 10000 deterministic mutants.
## - `make fuzz` builds the same target with clang's libFuzzer (plus ASan and
##   UBSan), compiling the library's sources directly, and runs it for
##   FUZZ_SECONDS on a corpus grown in tests/fuzz/corpus-run from the seeds
##   in tests/fuzz/corpus.  Not part of `make check`.
## The whole tests/ directory is distributed by tests/local.mk.

check_PROGRAMS = tests/fuzz/fuzz_smoke
tests_fuzz_fuzz_smoke_SOURCES = tests/fuzz/smoke.c tests/fuzz/fuzz_parse.c
tests_fuzz_fuzz_smoke_LDADD = $(LIBS_ALL)
TESTS += tests/fuzz/smoke.test

FUZZ_SECONDS = 300
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -Wall -Wextra -Wno-unused-parameter \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
# more libFuzzer options, e.g. FUZZ_ARGS='-jobs=2 -workers=2'
FUZZ_ARGS =

# The library's C sources, plus the parser and lexer that bison and flex
# wrote into the build tree (or that a tarball ships in the source tree).
tests/fuzz/fuzz_parse$(EXEEXT): tests/fuzz/fuzz_parse.c $(libretort_a_SOURCES) \
		grammar/parser.c grammar/lexer.c
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CCLD)srcs=; \
	for f in $(libretort_a_SOURCES); do \
	  case $$f in \
	    *.c) srcs="$$srcs $(srcdir)/$$f" ;; \
	    *.y|*.l) g=`echo $$f | sed 's/\.[yl]$$/.c/'`; \
	      if test -f $$g; then srcs="$$srcs $$g"; \
	      else srcs="$$srcs $(srcdir)/$$g"; fi ;; \
	  esac; \
	done; \
	$(FUZZ_CC) -std=gnu11 $(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS) \
	  $(CPPFLAGS) $(SQLITE_CFLAGS) $(PQ_CFLAGS) $(JANSSON_CFLAGS) \
	  $(FUZZ_CFLAGS) -o $@ $(srcdir)/tests/fuzz/fuzz_parse.c $$srcs \
	  $(SQLITE_LIBS) $(PQ_LIBS) $(JANSSON_LIBS)

fuzz: tests/fuzz/fuzz_parse$(EXEEXT)
	@$(MKDIR_P) tests/fuzz/corpus-run
	tests/fuzz/fuzz_parse$(EXEEXT) -max_total_time=$(FUZZ_SECONDS) \
	  -dict=$(srcdir)/tests/fuzz/schema.dict -max_len=4096 -timeout=10 \
	  -artifact_prefix=tests/fuzz/ -print_final_stats=1 $(FUZZ_ARGS) \
	  tests/fuzz/corpus-run $(srcdir)/tests/fuzz/corpus

clean-local: clean-local-fuzz
clean-local-fuzz:
	rm -f tests/fuzz/fuzz_parse$(EXEEXT)
distclean-local: distclean-local-fuzz
distclean-local-fuzz:
	rm -rf tests/fuzz/corpus-run

# tests/local.mk distributes the whole tests/ directory, which in a build
# tree also holds the programs built here
dist-hook: dist-hook-fuzz
dist-hook-fuzz:
	chmod u+w $(distdir)/tests/fuzz
	rm -f $(distdir)/tests/fuzz/fuzz_smoke$(EXEEXT) \
	  $(distdir)/tests/fuzz/fuzz_parse$(EXEEXT)

.PHONY: fuzz clean-local-fuzz distclean-local-fuzz dist-hook-fuzz
