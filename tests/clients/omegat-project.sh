# Sourced by the OmegaT client tests.  Needs $T (a scratch folder),
# $OMEGAT_JAR and a fail() function.
#
# omegat_project TARGET_LANG TOKENIZER SOURCE MEMORY: make an OmegaT project
# fr -> TARGET_LANG in $T/TARGET_LANG with SOURCE as its one source file and
# MEMORY in tm/auto/ (100% matches inserted), run console-translate, and
# fail unless OmegaT loaded the memory and wrote the target file.
omegat_project() {
    local lang=$1 tok=$2 source=$3 mem=$4 P=$T/$1
    mkdir -p "$P"/{source,target,tm/auto,glossary,dictionary,omegat} \
        "$T/config-$lang"
    cat > "$P/omegat.project" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>fr</source_lang>
    <target_lang>$lang</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
    <target_tok>$tok</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
XML
    cp "$source" "$P/source/report.txt"
    cp "$mem" "$P/tm/auto/polyalign.tmx"
    java -Djava.awt.headless=true -jar "$OMEGAT_JAR" "$P" \
        --mode=console-translate --config-dir="$T/config-$lang" \
        --disable-project-locking > "$T/omegat-$lang.log" 2>&1 ||
        fail "OmegaT exited with $? (log: $(tail -5 "$T/omegat-$lang.log"))"
    # OmegaT exits 0 even when it cannot load a memory.
    local bad='Failed to load|TF_TM_LOAD_ERROR'
    if grep -qiE "$bad" "$T/omegat-$lang.log"; then
        fail "OmegaT could not load the memory:" \
            "$(grep -iE "$bad" "$T/omegat-$lang.log" | head -3)"
    fi
    [ -f "$P/target/report.txt" ] || fail "OmegaT wrote no target ($lang)"
}
