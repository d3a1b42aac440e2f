# Writes the packaged /etc/smartfixer/server.conf from `smartfixer-server --help`, so the file
# lists every option the binary has (including ones added later), each with its help text and
# default, commented out; the service's own choices (db) are set.
# cmake -DSERVER=path/to/smartfixer-server -DOUT=server.conf -P server-conf.cmake
execute_process(COMMAND "${SERVER}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${SERVER} --help failed (${rc})")
endif()

# Options start with "  --name <VALUE>  text" or "  --name  text"; the text may wrap onto lines
# indented under it.
# ";" separates CMake list items: keep it out of the way until the file is written.
string(REPLACE ";" "__SEMI__" help "${help}")
string(REPLACE "\n" ";" lines "${help}")
set(names "")
set(current "")
foreach(line IN LISTS lines)
    if(line MATCHES "^  (-[a-zA-Z], )?--([a-z0-9-]+)( <([^>]+)>)? +(.*)$")
        set(current "${CMAKE_MATCH_2}")
        list(APPEND names "${current}")
        set(value_${current} "${CMAKE_MATCH_4}")
        set(text_${current} "${CMAKE_MATCH_5}")
    elseif(current AND line MATCHES "^        +(.*)$")
        string(APPEND text_${current} " ${CMAKE_MATCH_1}")
    else()
        set(current "")
    endif()
endforeach()

set(conf "; SmartFixer presence server configuration, read by the systemd service
; (smartfixer-server --config /etc/smartfixer/server.conf).
;
; One \"key = value\" a line; the keys are the long options of `smartfixer-server --help`
; without the dashes, outside any [section]. Flags take true or false. Comments start with
; \";\" (anywhere: quote a value that contains \";\" or \",\") or with \"#\" at the start of a
; line. An option given on the command line wins over this file. An unknown key or a bad value
; stops the server with one line naming it (exit status 2): journalctl -u smartfixer-server.
; After a change: systemctl restart smartfixer-server
")
foreach(name IN LISTS names)
    if(name MATCHES "^(help|help-all|version|config)$")
        continue()
    endif()
    set(text "${text_${name}}")
    set(value "${value_${name}}")
    # The value in the example line: the default from "(default X)" / "(default X; …)".
    if(text MATCHES "\\(default ([^):_]+)(__SEMI__|\\))")
        set(example "${CMAKE_MATCH_1}")
    elseif(value STREQUAL "")
        set(example "false")
    else()
        set(example "${value}")
    endif()
    # Wrap the description at 96 columns as "; " comment lines (QSettings' INI comments).
    string(REGEX REPLACE "  +" " " text "${text}")
    set(comment "")
    set(row ";")
    string(REPLACE " " ";" words "${text}")
    foreach(word IN LISTS words)
        string(LENGTH "${row} ${word}" len)
        if(len GREATER 96)
            string(APPEND comment "${row}\n")
            set(row ";")
        endif()
        string(APPEND row " ${word}")
    endforeach()
    string(APPEND comment "${row}\n")
    string(APPEND conf "\n${comment}")
    if(name STREQUAL "db")
        string(APPEND conf "; The service's database (StateDirectory=smartfixer).\n")
        string(APPEND conf "db = /var/lib/smartfixer/smartfixer.db\n")
    else()
        string(APPEND conf ";${name} = ${example}\n")
    endif()
endforeach()
string(REPLACE "__SEMI__" ";" conf "${conf}")
file(WRITE "${OUT}" "${conf}")
