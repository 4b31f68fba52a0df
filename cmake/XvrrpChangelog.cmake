# cmake -DIN=... -DOUT=... -DVERSION=... -DHEADER=... -DMAINTAINER=... -P XvrrpChangelog.cmake
# The Debian changelog entry of this build (gzip -9n, as lintian wants). The
# date is the commit's (or SOURCE_DATE_EPOCH's), so rebuilds are identical.
file(STRINGS ${HEADER} rev_line REGEX "XVRRP_GIT_REVISION")
string(REGEX REPLACE ".*\"(.*)\".*" "\\1" REVISION "${rev_line}")
if(DEFINED ENV{SOURCE_DATE_EPOCH})
  set(epoch $ENV{SOURCE_DATE_EPOCH})
else()
  get_filename_component(src ${IN} DIRECTORY)
  execute_process(COMMAND git -C ${src} log -1 --format=%ct OUTPUT_VARIABLE epoch
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT epoch)
    set(epoch 0)
  endif()
endif()
execute_process(COMMAND date -u -R -d @${epoch} OUTPUT_VARIABLE DATE OUTPUT_STRIP_TRAILING_WHITESPACE)
configure_file(${IN} ${OUT}.txt @ONLY)
execute_process(COMMAND sh -c "gzip -9n -c \"$0\" > \"$1\"" ${OUT}.txt ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip ${OUT} failed")
endif()
