@echo off
rem The modelstore command-line tool on Windows: runs the one jar with every backend, building it on first use.
rem As ./modelstore: MODELSTORE_CLASSPATH (jars separated by ';') adds backends, MODELSTORE_JAVA_OPTS options for java.
setlocal EnableDelayedExpansion
set "here=%~dp0"
call :find_jar
if not defined jar (
  echo modelstore: building the command-line tool once ^(mvn package^)... 1>&2
  pushd "%here%"
  call mvn -B -q -DskipTests -pl modelstore-cli -am package 1>&2
  popd
  call :find_jar
)
if not defined jar (
  echo modelstore: the build made no jar in %here%modelstore-cli\target 1>&2
  exit /b 2
)
if defined MODELSTORE_CLASSPATH (
  java %MODELSTORE_JAVA_OPTS% -cp "!jar!;%MODELSTORE_CLASSPATH%" io.modelstore.cli.ModelStoreCli %*
) else (
  java %MODELSTORE_JAVA_OPTS% -jar "!jar!" %*
)
exit /b %ERRORLEVEL%

:find_jar
set "jar="
for %%f in ("%here%modelstore-cli\target\modelstore-cli-*.jar") do (
  set "name=%%~nxf"
  set "keep=1"
  if /i "!name:~-10!"=="-tests.jar" set "keep="
  if /i "!name:~-12!"=="-javadoc.jar" set "keep="
  if /i "!name:~-12!"=="-sources.jar" set "keep="
  if defined keep set "jar=%%~ff"
)
exit /b 0
