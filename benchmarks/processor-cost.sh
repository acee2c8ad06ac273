#!/usr/bin/env bash
# What the processor adds to a user's javac: N generated @ClaudeEndpoint interfaces of 10 methods
# each, compiled with and without the processor (the generated clients compiled included, as a
# user pays for them), for each N. The two compilations of one run go back to back, in alternating
# order from run to run, so that whatever else the machine does falls on both alike; the table
# gives medians and, for "added", the median of the per-run differences.
#
#   mvn -B -q -pl processor -am package -DskipTests      # builds the jars used below
#   benchmarks/processor-cost.sh [runs] [N...]           # defaults: 5 runs, N = 1 10 100 200
#
# Environment: JAVAC (default javac on the PATH), JACKSON (jackson-core jar; default from ~/.m2),
# PROCESSOR_OPTIONS (extra -A options for the run with the processor, like
# "-Aclaudegen.batches=false"),
# CLAUDEGEN_JARS (a folder holding the three claudegen jars, to time another build of them
# against this one; default the modules' target folders).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 10 100 200)
javac="${JAVAC:-javac}"
version=0.1.0-SNAPSHOT
jackson_version="$(sed -n 's:.*<jackson.version>\(.*\)</jackson.version>.*:\1:p' "$root/pom.xml")"
jackson="${JACKSON:-$HOME/.m2/repository/com/fasterxml/jackson/core/jackson-core/$jackson_version/jackson-core-$jackson_version.jar}"
jars="${CLAUDEGEN_JARS:-}"
jar_of() { if [ -n "$jars" ]; then echo "$jars/claudegen-$1-$version.jar"; else echo "$root/$1/target/claudegen-$1-$version.jar"; fi; }
processor="$(jar_of processor)"
classpath="$(jar_of annotations):$(jar_of runtime):$jackson"
for jar in "$processor" ${classpath//:/ }; do
  [ -f "$jar" ] || { echo "missing $jar: run mvn -B -q -pl processor -am package -DskipTests" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# N interfaces, each with the shapes users write most: plain String methods of one to three
# parameters, a system prompt on the interface and a model override on one method.
generate() {
  local n="$1" dir="$2/src/bench/gen"
  mkdir -p "$dir"
  for ((i = 0; i < n; i++)); do
    {
      echo "package bench.gen;"
      echo "import dev.claudegen.annotations.*;"
      echo "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024, timeout = \"60s\")"
      echo "@SystemPrompt(\"You help with {product}. Be brief.\")"
      echo "public interface Endpoint$i {"
      for ((m = 0; m < 10; m++)); do
        case $((m % 3)) in
          0) echo "  @UserPrompt(\"Summarise this for {product}: {text}\") String summarise$m(String product, String text);" ;;
          1) echo "  @UserPrompt(\"Translate {text} into {language} for {product}.\") String translate$m(String product, String text, String language);" ;;
          2) echo "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 256)"
             echo "  @UserPrompt(\"Give {count} names for {product}.\") String names$m(String product, int count);" ;;
        esac
      done
      echo "}"
    } > "$dir/Endpoint$i.java"
  done
  find "$2/src" -name '*.java' > "$2/sources.txt"
}

# Milliseconds one javac takes; "with" runs the processor from its jar, as a user's build does.
compile() {
  local mode="$1" dir="$2" out start end
  out="$dir/out-$mode"
  rm -rf "$out" "$dir/gen-$mode"
  mkdir -p "$out" "$dir/gen-$mode"
  local args=(--release 17 -nowarn -cp "$classpath" -d "$out" -s "$dir/gen-$mode")
  if [ "$mode" = with ]; then
    args+=(-processorpath "$processor")
    # Unquoted on purpose: one word per option.
    # shellcheck disable=SC2206
    [ -z "${PROCESSOR_OPTIONS:-}" ] || args+=(${PROCESSOR_OPTIONS})
  else
    args+=(-proc:none)
  fi
  start=$(date +%s%N)
  "$javac" "${args[@]}" "@$dir/sources.txt"
  end=$(date +%s%N)
  if [ "$mode" = with ] && [ "$(find "$out" -name 'ClaudeEndpoint*.class' | wc -l)" -lt "$(wc -l < "$dir/sources.txt")" ]; then
    echo "the processor generated fewer clients than interfaces" >&2
    exit 1
  fi
  echo $(((end - start) / 1000000))
}

# The median of numbers on stdin, and their lowest and highest.
stats() {
  sort -n | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%d (%d-%d)", m, v[1], v[NR] }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "javac with and without the claudegen processor: $runs paired runs per N; $("$javac" -version 2>&1); $(nproc) processors"
echo
echo "| interfaces × 10 methods | without ms | with ms | added ms | added per interface ms |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  generate "$n" "$dir"
  : > "$dir/without" ; : > "$dir/with" ; : > "$dir/added"
  for ((r = 0; r < runs; r++)); do
    if ((r % 2 == 0)); then a=$(compile without "$dir"); b=$(compile with "$dir")
    else b=$(compile with "$dir"); a=$(compile without "$dir"); fi
    echo "$a" >> "$dir/without"; echo "$b" >> "$dir/with"; echo $((b - a)) >> "$dir/added"
  done
  added=$(median < "$dir/added")
  printf "| %d | %s | %s | %s | %s |\n" "$n" "$(stats < "$dir/without")" "$(stats < "$dir/with")" \
    "$(stats < "$dir/added")" "$(awk -v a="$added" -v n="$n" 'BEGIN { printf "%.1f", a / n }')"
done
echo
echo "added: the median of the per-run differences (with - without), lowest and highest in brackets."
echo "At N = 1 it is about the fixed cost; most of it is javac compiling the one generated client"
echo "(the interfaces alone leave most of javac's code generation cold), not the processor's start."
echo "The per-interface figure at large N is the processing and the generated code's compilation."
