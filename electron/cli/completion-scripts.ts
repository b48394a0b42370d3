/**
 * The shell side of `keydeck completion bash|zsh|fish`: thin scripts that ask `keydeck __complete WORDS…
 * CURRENT` for the candidates, so the knowledge of commands, options and names lives once, in
 * complete.ts. A first line `:file` asks the shell for file names instead.
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# keydeck completion for bash.
# Install: echo 'source <(keydeck completion bash)' >> ~/.bashrc
_keydeck() {
  local cur=\${COMP_WORDS[COMP_CWORD]} out line
  out=$(command keydeck __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  COMPREPLY=()
  if [[ $out == :file ]]; then
    compopt -o filenames 2>/dev/null
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
    return 0
  fi
  while IFS= read -r line; do
    [[ -n $line ]] && COMPREPLY+=("$(printf '%q' "$line")")
  done <<< "$out"
}
complete -F _keydeck keydeck
`;

const ZSH = `#compdef keydeck
# keydeck completion for zsh.
# Install: keydeck completion zsh > "\${fpath[1]}/_keydeck" (then start a new shell),
#      or: echo 'source <(keydeck completion zsh)' >> ~/.zshrc (after compinit)
_keydeck() {
  local out
  out=$(command keydeck __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  if [[ $out == :file ]]; then
    _files
    return
  fi
  local -a cands
  cands=("\${(@f)out}")
  compadd -- "\${cands[@]}"
}
if [[ \${funcstack[1]} == _keydeck ]]; then
  _keydeck "$@"
elif (( \${+functions[compdef]} )); then
  compdef _keydeck keydeck
fi
`;

const FISH = `# keydeck completion for fish.
# Install: keydeck completion fish > ~/.config/fish/completions/keydeck.fish
function __keydeck_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l cur (commandline -ct)
    set -l out (command keydeck __complete $words "$cur" 2>/dev/null)
    if test "$out[1]" = :file
        __fish_complete_path "$cur"
        return
    end
    printf '%s\\n' $out
end
complete -c keydeck -f -a '(__keydeck_complete)'
`;

export function completionScript(shell: Shell): string {
  return shell === 'bash' ? BASH : shell === 'zsh' ? ZSH : FISH;
}
