# completions/retort.bash - bash completion for retort(1).
#
# Installed as $(datadir)/bash-completion/completions/retort, where
# bash-completion finds it when `retort` is first completed; or sourced
# from ~/.bashrc.  Needs bash 4 and nothing of bash-completion.
#
# Completes the commands, the global options and each command's own (as
# `retort COMMAND --help` lists them), the values of --dialect and
# --format, paths where an option or a command takes one, and revisions
# where one is asked for: upgrade, downgrade, show, stamp, merge, lint,
# revision --head and history -r A:B, with head, heads and base where the
# command takes them.  The revision ids come from the program itself
# (the hidden `retort --dump=revisions`, one id a line), given the
# -c/--config and --migrations of the line being completed, so they are
# those of the history that command would read.
#
# Bash splits words at ":" and "=" (COMP_WORDBREAKS): `-r ae10:1f` arrives
# as "ae10" ":" "1f" and `--format=js` as "--format" "=" "js".  The words
# are joined back first, completed whole, and the candidates cut down to
# the piece bash replaces.

_retort_commands="init revision upgrade downgrade current heads history
show stamp merge check diff reflect sql fmt lint verify dump shell help"
_retort_global="-c --config --models --migrations --db --dialect --format
-q --quiet -v --verbose -h --help --version"
# the options that take a value (the next word, or after "=")
_retort_valued=" -c --config --models --migrations --db --dialect --format \
-m --message --rev-id --head --from --to -r --rev-range -o --output "

# _retort_command_options COMMAND: the options of COMMAND beyond the
# global ones.
_retort_command_options() {
	case $1 in
	revision) echo "-m --message --autogenerate --offline --rev-id --head" ;;
	upgrade | downgrade | show) echo "--sql" ;;
	history) echo "-r --rev-range" ;;
	merge) echo "-m --message --rev-id" ;;
	diff) echo "--from --to --sql" ;;
	fmt) echo "--check -w --write" ;;
	dump) echo "-o --output" ;;
	esac
}

# _retort_add COMPGEN-ARGS...: appends compgen's candidates, one a line,
# to COMPREPLY (file names with blanks stay whole).
_retort_add() {
	local line
	while IFS= read -r line; do
		COMPREPLY+=("$line")
	done < <(compgen "$@" 2>/dev/null)
}

# _retort_path WORD: WORD as the shell will read it, for the paths handed
# to the program: surrounding quotes removed, a leading ~/ expanded.
_retort_path() {
	local w=$1
	case $w in
	\'*\' | \"*\") w=${w:1:${#w}-2} ;;
	esac
	case $w in
	"~/"*) w=$HOME/${w#"~/"} ;;
	esac
	printf '%s\n' "$w"
}

# _retort_revisions: the revision ids of the history the line names.
_retort_revisions() {
	local -a pass=()
	local i w
	for ((i = 1; i < _retort_cw; i++)); do
		w=${_retort_w[i]}
		case $w in
		-c | --config | --migrations)
			pass+=("$w" "$(_retort_path "${_retort_w[i + 1]}")")
			((i++))
			;;
		--config=* | --migrations=* | -c=*)
			pass+=("${w%%=*}=$(_retort_path "${w#*=}")")
			;;
		esac
	done
	"$(_retort_path "${_retort_w[0]}")" "${pass[@]}" --dump=revisions \
		2>/dev/null </dev/null
}

# _retort_value OPTION VALUE PREFIX: candidates for OPTION's VALUE, each
# led by PREFIX.
_retort_value() {
	local opt=$1 val=$2 pre=$3
	case $opt in
	--dialect) _retort_add -P "$pre" -W "sqlite postgresql" -- "$val" ;;
	--format) _retort_add -P "$pre" -W "text json" -- "$val" ;;
	-c | --config | -o | --output | --models)
		compopt -o filenames 2>/dev/null
		_retort_add -P "$pre" -f -- "$val"
		;;
	--migrations)
		compopt -o filenames 2>/dev/null
		_retort_add -P "$pre" -d -- "$val"
		;;
	--from | --to)
		compopt -o filenames 2>/dev/null
		_retort_add -P "$pre" -W "history" -- "$val"
		_retort_add -P "$pre" -f -- "$val"
		;;
	--head)
		_retort_add -P "$pre" -W "head base $(_retort_revisions)" -- "$val"
		;;
	-r | --rev-range)
		if [[ $val == *:* ]]; then
			_retort_add -P "$pre${val%%:*}:" \
				-W "head base $(_retort_revisions)" -- "${val#*:}"
		else
			compopt -o nospace 2>/dev/null
			_retort_add -P "$pre" -S ":" \
				-W "base head $(_retort_revisions)" -- "$val"
		fi
		;;
	esac
}

# _retort_positional COMMAND WORD: candidates for a word after COMMAND
# that is not an option.
_retort_positional() {
	local cmd=$1 cur=$2 names=
	case $cmd in
	upgrade) names="head heads" ;;
	downgrade) names="base" ;;
	show) names="head" ;;
	stamp) names="head heads base" ;;
	merge) names="heads" ;;
	lint) names="head" ;;
	help)
		_retort_add -W "$_retort_commands" -- "$cur"
		return
		;;
	init)
		compopt -o filenames 2>/dev/null
		_retort_add -d -- "$cur"
		return
		;;
	fmt)
		compopt -o filenames 2>/dev/null
		_retort_add -d -- "$cur"
		_retort_add -f -X '!*.schema' -- "$cur"
		return
		;;
	*) return ;;
	esac
	_retort_add -W "$names $(_retort_revisions)" -- "$cur"
}

_retort() {
	COMPREPLY=()
	# the words up to the cursor, pieces split at ":" and "=" joined
	local -a _retort_w=()
	local _retort_cw=-1 i w glue=0
	for ((i = 0; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((_retort_cw >= 0)) && [[ $glue == 1 || $w == [:=] ]]; then
			_retort_w[_retort_cw]+=$w
		else
			_retort_w[++_retort_cw]=$w
		fi
		[[ $w == [:=] ]] && glue=1 || glue=0
	done
	local cur=${_retort_w[_retort_cw]} prev=
	((_retort_cw > 0)) && prev=${_retort_w[_retort_cw - 1]}

	# the command: the first word that is no option nor an option's value
	local cmd=
	for ((i = 1; i < _retort_cw; i++)); do
		w=${_retort_w[i]}
		if [[ $w == -- ]]; then
			break
		elif [[ $_retort_valued == *" $w "* ]]; then
			((i++))
		elif [[ $w != -* ]]; then
			cmd=$w
			break
		fi
	done

	if [[ $cur == -*=* && $_retort_valued == *" ${cur%%=*} "* ]]; then
		_retort_value "${cur%%=*}" "${cur#*=}" "${cur%%=*}="
	elif [[ $prev && $_retort_valued == *" $prev "* ]]; then
		_retort_value "$prev" "$cur" ""
	elif [[ $cur == -* ]]; then
		_retort_add -W "$_retort_global $(_retort_command_options "$cmd")" \
			-- "$cur"
	elif [[ -z $cmd ]]; then
		_retort_add -W "$_retort_commands" -- "$cur"
	else
		_retort_positional "$cmd" "$cur"
	fi

	# bash replaces only its own last piece of the word
	local cut=$((${#cur} - ${#COMP_WORDS[COMP_CWORD]}))
	if ((cut > 0)); then
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=${COMPREPLY[i]:cut}
		done
	fi
}

complete -F _retort retort
